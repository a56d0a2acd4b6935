import { useState } from 'react';
import { useRecordContext } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { Prompt } from './types';
import {
  callPrompt,
  loadPlaygroundSettings,
  savePlaygroundSettings,
  type PlaygroundSettings,
} from './playgroundSettings';

interface Outcome {
  action: 'render' | 'completions';
  status: number;
  body: unknown;
}

/** What a completion said, or the rendered messages; the raw JSON under it. */
function summary(outcome: Outcome): string | null {
  const body = outcome.body as {
    choices?: { message?: { content?: string } }[];
    data?: { messages?: { role: string; content: string }[] };
    error?: { message?: string };
  };
  if (outcome.status >= 400) return body?.error?.message ?? `HTTP ${outcome.status}`;
  if (outcome.action === 'completions') return body?.choices?.[0]?.message?.content ?? null;
  return body?.data?.messages?.map((m) => `[${m.role}] ${m.content}`).join('\n') ?? null;
}

/**
 * Renders the prompt, or runs it through its route, on a gateway node with a virtual key. Which
 * version: the default (the production label, else the newest), a label, or a version number.
 */
export const Playground = () => {
  const prompt = useRecordContext<Prompt>();
  const [settings, setSettings] = useState<PlaygroundSettings>(loadPlaygroundSettings);
  const [selector, setSelector] = useState('newest');
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  if (!prompt || prompt.versions.length === 0) return null;
  const selected = selector.startsWith('version=')
    ? prompt.versions.find((v) => `version=${v.version}` === selector)
    : selector.startsWith('label=')
      ? prompt.versions.find((v) => v.labels.includes(selector.slice('label='.length)))
      : (prompt.versions.find((v) => v.labels.includes('production')) ?? prompt.versions[0]);
  const names = [...(selected?.variables ?? []), ...(selected?.optionalVariables ?? [])];
  const update = (next: Partial<PlaygroundSettings>) => {
    const merged = { ...settings, ...next };
    setSettings(merged);
    savePlaygroundSettings(merged);
  };
  const run = async (action: 'render' | 'completions') => {
    setRunning(true);
    setError(null);
    try {
      const wanted = Object.fromEntries(
        names.filter((n) => variables[n] !== undefined).map((n) => [n, variables[n]]),
      );
      setOutcome({
        action,
        ...(await callPrompt(settings, prompt.id, action, selector === 'newest' ? '' : selector, wanted)),
      });
    } catch (caught) {
      setOutcome(null);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setRunning(false);
    }
  };
  const ready = settings.dataPlaneUrl.trim() !== '' && settings.virtualKey.trim() !== '';
  const said = outcome ? summary(outcome) : null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader
        title="Playground"
        subheader="Calls a gateway node directly; its URL and the key stay in this browser"
      />
      <CardContent>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
          <TextField
            size="small"
            label="Gateway URL"
            placeholder="http://127.0.0.1:8080"
            value={settings.dataPlaneUrl}
            onChange={(event) => update({ dataPlaneUrl: event.target.value })}
            sx={{ minWidth: 280 }}
          />
          <TextField
            size="small"
            label="Virtual key"
            type="password"
            autoComplete="off"
            value={settings.virtualKey}
            onChange={(event) => update({ virtualKey: event.target.value })}
            sx={{ minWidth: 280 }}
          />
          <TextField
            select
            size="small"
            label="Which version"
            value={selector}
            onChange={(event) => setSelector(event.target.value)}
            sx={{ minWidth: 180 }}
          >
            <MenuItem value="newest">default (production, else newest)</MenuItem>
            {prompt.labels.map((label) => (
              <MenuItem key={label.label} value={`label=${label.label}`}>
                label {label.label} (v{label.version})
              </MenuItem>
            ))}
            {prompt.versions.map((v) => (
              <MenuItem key={v.version} value={`version=${v.version}`}>
                v{v.version}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        {names.length > 0 && (
          <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" sx={{ mb: 2 }}>
            {names.map((name) => (
              <TextField
                key={name}
                size="small"
                label={`{{${name}}}`}
                value={variables[name] ?? ''}
                onChange={(event) => setVariables({ ...variables, [name]: event.target.value })}
              />
            ))}
          </Stack>
        )}
        <Stack direction="row" spacing={2}>
          <Button variant="outlined" disabled={!ready || running} onClick={() => run('render')}>
            Render
          </Button>
          <Button variant="contained" disabled={!ready || running} onClick={() => run('completions')}>
            Run
          </Button>
        </Stack>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        {outcome && (
          <Box sx={{ mt: 2 }} data-testid="playground-result">
            <Typography variant="subtitle2">
              {outcome.action === 'render' ? 'Rendered' : 'Answer'} (HTTP {outcome.status})
            </Typography>
            {said !== null && (
              <Box
                component="pre"
                sx={{ whiteSpace: 'pre-wrap', bgcolor: 'action.hover', p: 1, borderRadius: 1 }}
              >
                {said}
              </Box>
            )}
            <Box component="pre" sx={{ fontSize: 12, maxHeight: 300, overflow: 'auto', m: 0 }}>
              {JSON.stringify(outcome.body, null, 2)}
            </Box>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

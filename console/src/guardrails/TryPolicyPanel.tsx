import { useState } from 'react';
import { useCanAccess, useRecordContext } from 'react-admin';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { tryGuardrailPolicy } from '../dataProvider/guardrails';
import type { GuardrailPolicy, GuardrailTryResult } from './types';

const VERDICT_COLORS: Record<string, 'success' | 'error' | 'warning' | 'info' | 'default'> = {
  pass: 'success',
  deny: 'error',
  redact: 'warning',
  flag: 'info',
  error: 'error',
};

const Result = ({ result }: { result: GuardrailTryResult }) => (
  <Box data-testid="guardrail-try-result" sx={{ mt: 2 }}>
    {result.denied ? (
      <Alert severity="error">
        Denied by {result.denied.check}
        {result.denied.detail ? `: ${result.denied.detail}` : ''}
      </Alert>
    ) : (
      <Alert severity="success">Allowed</Alert>
    )}
    <Table size="small" sx={{ mt: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell>Check</TableCell>
          <TableCell>Verdict</TableCell>
          <TableCell>Detail</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {result.verdicts.map((verdict) => (
          <TableRow key={`${verdict.policy}/${verdict.check}`}>
            <TableCell>{verdict.check}</TableCell>
            <TableCell>
              <Chip
                size="small"
                color={VERDICT_COLORS[verdict.verdict] ?? 'default'}
                label={verdict.verdict}
              />
            </TableCell>
            <TableCell>{verdict.detail ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
    {!result.denied && (
      <>
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          Text after the policy
        </Typography>
        <Box
          component="pre"
          data-testid="guardrail-try-text"
          sx={{ whiteSpace: 'pre-wrap', bgcolor: 'action.hover', p: 1, borderRadius: 1, m: 0 }}
        >
          {result.text}
        </Box>
      </>
    )}
  </Box>
);

/** Runs the saved policy on sample text with the gateway's code; webhook and LLM-judge checks are skipped. */
export const TryPolicyPanel = () => {
  const policy = useRecordContext<GuardrailPolicy>();
  const [stage, setStage] = useState<string>('input');
  const [text, setText] = useState('');
  const [model, setModel] = useState('');
  const [result, setResult] = useState<GuardrailTryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'guardrails', action: 'try' });
  if (!policy || !canAccess) return null;
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(
        await tryGuardrailPolicy({ policyId: policy.id, stage, text, model: model.trim() || undefined }),
      );
    } catch (caught) {
      setResult(null);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardHeader title="Try it" subheader="Runs this policy on sample text, as a gateway node would" />
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          <TextField
            select
            size="small"
            label="Stage"
            value={stage}
            onChange={(event) => setStage(event.target.value)}
            sx={{ minWidth: 160 }}
          >
            <MenuItem value="input">input</MenuItem>
            <MenuItem value="output">output</MenuItem>
          </TextField>
          <TextField
            size="small"
            label="Model (route alias)"
            value={model}
            onChange={(event) => setModel(event.target.value)}
            helperText="For model allow-lists"
          />
        </Stack>
        <TextField
          label="Sample text"
          multiline
          minRows={3}
          fullWidth
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <Button variant="contained" sx={{ mt: 2 }} onClick={run} disabled={running}>
          Run the policy
        </Button>
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        {result && <Result result={result} />}
      </CardContent>
    </Card>
  );
};

import type { ReactElement, ReactNode } from 'react';
import {
  BooleanField,
  DateField,
  Labeled,
  NumberField,
  ReferenceField,
  Show,
  TextField,
  useRecordContext,
} from 'react-admin';
import { Alert, Card, CardContent, Grid, Typography } from '@mui/material';
import { MicroUsdField } from '../common/MicroUsdField';
import type { UsageRecord } from './types';
import { AttemptsField } from './AttemptsField';
import { ParentRequestField } from './ParentRequestField';
import { SubCalls } from './SubCalls';
import { UsageStatusField } from './UsageStatusField';

const ms = { style: 'unit', unit: 'millisecond', unitDisplay: 'short' } as const;

const Section = ({ title, children }: { title: string; children: ReactNode }) => (
  <Grid size={{ xs: 12, md: 6 }}>
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="subtitle2" color="text.secondary" gutterBottom>
          {title}
        </Typography>
        <Grid container spacing={2}>
          {children}
        </Grid>
      </CardContent>
    </Card>
  </Grid>
);

const Item = ({ label, children }: { label: string; children: ReactElement }) => (
  <Grid size={6}>
    <Labeled label={label}>{children}</Labeled>
  </Grid>
);

const UsageError = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record?.errorCode) return null;
  return (
    <Alert severity="error" sx={{ mb: 2 }}>
      <strong>{record.errorCode}</strong>
      {record.errorMessage ? `: ${record.errorMessage}` : ''}
    </Alert>
  );
};

/** The guardrail checks that did not pass, one line each. */
const Verdicts = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record?.guardrailVerdicts?.length) return null;
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="subtitle2" color="text.secondary" gutterBottom>
          Guardrail verdicts
        </Typography>
        {record.guardrailVerdicts.map((v, i) => (
          <Typography key={i} variant="body2" data-testid="guardrail-verdict">
            <strong>{v.verdict}</strong> · {v.stage} · {v.policy} / {v.check}
            {v.detail ? ` — ${v.detail}` : ''}
          </Typography>
        ))}
      </CardContent>
    </Card>
  );
};

/** The request's messages and the answer, when the workspace logs payloads (already redacted). */
const Payloads = () => {
  const record = useRecordContext<UsageRecord>();
  if (!record?.requestPayload && !record?.responsePayload) return null;
  const pretty = (text: string) => {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  };
  return (
    <Grid container spacing={2} sx={{ mt: 0 }}>
      {(
        [
          ['Request', record.requestPayload],
          ['Response', record.responsePayload],
        ] as const
      ).map(([title, text]) => (
        <Grid key={title} size={{ xs: 12, md: 6 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="subtitle2" color="text.secondary" gutterBottom>
                {title}
              </Typography>
              <Typography
                component="pre"
                variant="body2"
                sx={{ whiteSpace: 'pre-wrap', m: 0 }}
                data-testid={`payload-${title.toLowerCase()}`}
              >
                {text ? pretty(text) : '—'}
              </Typography>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
};

/** One request: where it went, what it cost, how long it took. */
export const UsageShow = () => (
  <Show title="Usage record">
    <CardContent>
      <UsageError />
      <Grid container spacing={2}>
        <Section title="Request">
          <Item label="Request id">
            <TextField source="requestId" sx={{ fontFamily: 'monospace' }} />
          </Item>
          <Item label="Started">
            <DateField source="startedAt" showTime />
          </Item>
          <Item label="Endpoint">
            <TextField source="endpoint" />
          </Item>
          <Item label="Status">
            <UsageStatusField />
          </Item>
          <Item label="Streamed">
            <BooleanField source="stream" />
          </Item>
          <Item label="Key">
            <ReferenceField source="keyId" reference="keys" emptyText="—" />
          </Item>
          <Item label="Sub-call of">
            <ParentRequestField />
          </Item>
          <Item label="Response cache">
            <TextField source="cacheStatus" emptyText="not consulted" />
          </Item>
        </Section>
        <Section title="Routing">
          <Item label="Route alias">
            <TextField source="routeAlias" emptyText="—" />
          </Item>
          <Item label="Provider account">
            <ReferenceField source="providerId" reference="providers" emptyText="—" />
          </Item>
          <Item label="Upstream model">
            <TextField source="model" emptyText="—" />
          </Item>
          <Item label="Upstream attempts">
            <AttemptsField />
          </Item>
          <Item label="Data-plane node">
            <TextField source="nodeId" />
          </Item>
        </Section>
        <Section title="Tokens and cost">
          <Item label="Input tokens">
            <NumberField source="inputTokens" />
          </Item>
          <Item label="Output tokens">
            <NumberField source="outputTokens" />
          </Item>
          <Item label="Cached input tokens">
            <NumberField source="cachedInputTokens" />
          </Item>
          <Item label="Reasoning tokens">
            <NumberField source="reasoningTokens" />
          </Item>
          <Item label="Estimated by the gateway">
            <BooleanField source="tokensEstimated" />
          </Item>
          <Item label="Cost">
            <MicroUsdField source="costMicroUsd" />
          </Item>
        </Section>
        <Section title="Timing">
          <Item label="Latency">
            <NumberField source="latencyMs" options={ms} />
          </Item>
          <Item label="Time to first token">
            <NumberField source="ttftMs" options={ms} emptyText="—" />
          </Item>
          <Item label="Request bytes">
            <NumberField source="requestBytes" emptyText="—" />
          </Item>
          <Item label="Response bytes">
            <NumberField source="responseBytes" emptyText="—" />
          </Item>
        </Section>
      </Grid>
      <Verdicts />
      <Payloads />
      <SubCalls />
    </CardContent>
  </Show>
);

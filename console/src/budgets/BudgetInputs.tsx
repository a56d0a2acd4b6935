import {
  BooleanInput,
  NumberInput,
  PasswordInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  maxLength,
  regex,
  required,
} from 'react-admin';
import { Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { listText } from '../common/textValues';

export const BUDGET_SCOPES = [
  { id: 'workspace', name: 'The whole workspace' },
  { id: 'key', name: 'One key' },
  { id: 'tag', name: 'A metadata tag' },
];
export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly', 'total'].map((id) => ({ id, name: id }));
const keepText = (value: string) => value;

/** At least one of the limits, in dollars or tokens per window. */
const oneLimit = (_: unknown, values: { limitUsd?: unknown; limitTokens?: unknown }) =>
  (values.limitUsd === '' || values.limitUsd == null) &&
  (values.limitTokens === '' || values.limitTokens == null)
    ? 'Set a USD or a token limit (or both)'
    : undefined;

const validThresholds = (value: unknown) =>
  listText(value)
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((item) => !/^\d+$/.test(item) || Number(item) < 1 || Number(item) > 1000)
    ? 'Whole percents from 1 to 1000, e.g. 50, 80, 100'
    : undefined;

/** A spending limit per window on the workspace, a key or a tag, with alerts and an optional hard stop. */
export const BudgetInputs = ({ editing = false }: { editing?: boolean }) => {
  const scope = useWatch({ name: 'scope' }) as string | undefined;
  return (
    <>
      <TextInput source="name" validate={[required(), maxLength(200)]} />
      <SelectInput source="scope" choices={BUDGET_SCOPES} defaultValue="workspace" validate={required()} />
      {scope === 'key' && (
        <ReferenceInput source="keyId" reference="keys" sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput label="Virtual key" optionText="name" validate={required()} />
        </ReferenceInput>
      )}
      {scope === 'tag' && (
        <>
          <TextInput
            source="tagKey"
            label="Tag key"
            validate={required()}
            helperText="A key of x-switchyard-metadata"
          />
          <TextInput source="tagValue" label="Tag value" validate={required()} />
        </>
      )}
      <SelectInput source="period" choices={BUDGET_PERIODS} defaultValue="monthly" validate={required()} />
      <TextInput
        source="timezone"
        label="Time zone"
        defaultValue="UTC"
        helperText="IANA name, e.g. Europe/Paris: where days, weeks and months start"
      />
      <NumberInput
        source="limitUsd"
        label="Limit (USD)"
        min={0}
        step={0.01}
        validate={oneLimit}
        helperText="Per window"
      />
      <NumberInput
        source="limitTokens"
        label="Limit (tokens)"
        min={1}
        validate={oneLimit}
        helperText="Input + output tokens per window"
      />
      <BooleanInput source="hardStop" label="Refuse requests (402) once a limit is reached" defaultValue />
      <TextInput
        source="thresholds"
        label="Alert at (percent)"
        format={listText}
        parse={keepText}
        validate={validThresholds}
        helperText="Default 50, 80, 100"
      />
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Webhook
      </Typography>
      <TextInput
        source="webhookUrl"
        label="Webhook URL"
        validate={regex(/^(https?:\/\/\S+)?$/, 'An http(s) URL')}
        helperText="POSTed when a threshold is reached; empty: no webhook"
      />
      <PasswordInput
        source="webhookSecret"
        label={editing ? 'New signing secret' : 'Signing secret'}
        autoComplete="new-password"
        helperText={
          editing ? 'Blank keeps the stored one' : 'Optional: signs bodies (x-switchyard-signature)'
        }
      />
    </>
  );
};

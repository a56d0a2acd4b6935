import {
  ArrayInput,
  AutocompleteArrayInput,
  BooleanInput,
  ReferenceArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxLength,
  required,
  useSourceContext,
} from 'react-admin';
import { Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { jsonObjectText, validJsonObject } from '../common/textValues';
import { useCheckTypes } from './useCheckTypes';

export const STAGE_CHOICES = [
  { id: 'both', name: 'Input and output' },
  { id: 'input', name: 'Input (the request)' },
  { id: 'output', name: 'Output (the response)' },
];
export const MODE_CHOICES = [
  { id: 'sync', name: 'sync: enforced' },
  { id: 'async', name: 'async: evaluated and recorded only' },
];
export const ACTION_CHOICES = [
  { id: 'deny', name: 'deny' },
  { id: 'redact', name: 'redact' },
  { id: 'flag', name: 'flag' },
];
const CHECK_ACTION_CHOICES = [{ id: '', name: "The policy's action" }, ...ACTION_CHOICES];
const keepText = (value: string) => value;

/** The selected check type's description, so its parameters are at hand while writing them. */
const CheckHelp = () => {
  const sourceContext = useSourceContext();
  const type = useWatch({ name: sourceContext.getSource('type') }) as string | undefined;
  const { data } = useCheckTypes();
  const described = data?.find((item) => item.type === type);
  if (!described) return null;
  return (
    <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mb: 1, maxWidth: 640 }}>
      {described.description}
      {described.external ? ' (runs on the gateway only: not in “try it”)' : ''}
    </Typography>
  );
};

const CheckTypeInput = () => {
  const { data, isPending } = useCheckTypes();
  const choices = (data ?? []).map((item) => ({ id: item.type, name: item.type }));
  return (
    <SelectInput
      source="type"
      label="Check"
      choices={choices}
      isPending={isPending}
      validate={required()}
      helperText={false}
    />
  );
};

/** A guardrail policy: its checks (parameters as JSON), what failing does, and where it applies. */
export const GuardrailInputs = () => (
  <>
    <TextInput source="name" validate={[required(), maxLength(200)]} />
    <SelectInput source="stage" choices={STAGE_CHOICES} defaultValue="both" validate={required()} />
    <SelectInput source="mode" choices={MODE_CHOICES} defaultValue="sync" validate={required()} />
    <SelectInput
      source="action"
      label="Action"
      choices={ACTION_CHOICES}
      defaultValue="deny"
      validate={required()}
      helperText="What a failing check does, unless the check sets its own"
    />
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Checks
    </Typography>
    <ArrayInput source="checks" label={false} defaultValue={[{ type: '', params: '{}' }]}>
      <SimpleFormIterator disableReordering fullWidth>
        <CheckTypeInput />
        <CheckHelp />
        <TextInput
          source="name"
          label="Check name"
          helperText="Unique in the policy; defaults to the check"
        />
        <SelectInput
          source="action"
          label="Action"
          choices={CHECK_ACTION_CHOICES}
          emptyValue=""
          helperText={false}
        />
        <TextInput
          source="params"
          label="Parameters (JSON)"
          multiline
          minRows={2}
          fullWidth
          format={jsonObjectText}
          parse={keepText}
          validate={validJsonObject}
          helperText='e.g. {"patterns": ["secret"]}; {} when it needs none'
          sx={{ fontFamily: 'monospace' }}
        />
      </SimpleFormIterator>
    </ArrayInput>
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Applies to
    </Typography>
    <BooleanInput source="attachWorkspace" label="Every request of the workspace" />
    <ReferenceArrayInput source="attachKeyIds" reference="keys" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteArrayInput
        label="Virtual keys"
        optionText="name"
        helperText="Requests made with these keys"
      />
    </ReferenceArrayInput>
    <ReferenceArrayInput source="attachRouteIds" reference="routes" sort={{ field: 'alias', order: 'ASC' }}>
      <AutocompleteArrayInput label="Routes" optionText="alias" helperText="Requests to these routes" />
    </ReferenceArrayInput>
  </>
);

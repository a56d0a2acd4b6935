import { NumberInput, ReferenceInput, SelectInput, minValue, required } from 'react-admin';
import { useWatch } from 'react-hook-form';

export const SCOPE_CHOICES = [
  { id: 'workspace', name: 'The whole workspace' },
  { id: 'key', name: 'One key' },
  { id: 'route', name: 'One route' },
];

/** A limit per window (requests, tokens) and in flight; empty fields mean no limit of that kind. */
export const RateLimitInputs = ({ editing = false }: { editing?: boolean }) => {
  const scope = useWatch({ name: 'scope' }) as string | undefined;
  return (
    <>
      <SelectInput
        source="scope"
        choices={SCOPE_CHOICES}
        defaultValue="workspace"
        validate={required()}
        disabled={editing}
      />
      {scope === 'key' && (
        <ReferenceInput source="keyId" reference="keys" sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput label="Virtual key" optionText="name" validate={required()} disabled={editing} />
        </ReferenceInput>
      )}
      {scope === 'route' && (
        <ReferenceInput source="routeId" reference="routes" sort={{ field: 'alias', order: 'ASC' }}>
          <SelectInput label="Route" optionText="alias" validate={required()} disabled={editing} />
        </ReferenceInput>
      )}
      <NumberInput
        source="windowSeconds"
        label="Window (seconds)"
        defaultValue={60}
        min={1}
        validate={minValue(1)}
      />
      <NumberInput
        source="requestsPerWindow"
        label="Requests per window"
        min={1}
        helperText="Empty: no limit"
      />
      <NumberInput
        source="tokensPerWindow"
        label="Tokens per window"
        min={1}
        helperText="Input + output tokens; empty: no limit"
      />
      <NumberInput
        source="concurrent"
        label="Concurrent requests"
        min={1}
        helperText="In flight at once; empty: no limit"
      />
    </>
  );
};

import {
  NumberInput,
  RadioButtonGroupInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  maxLength,
  regex,
  required,
  useSourceContext,
} from 'react-admin';
import { Stack } from '@mui/material';
import { useWatch } from 'react-hook-form';
import type { TargetKind } from '../dataProvider/routes';
import { TOKEN_PATTERN } from './strategies';

const KIND_CHOICES = [
  { id: 'provider', name: 'Provider model' },
  { id: 'route', name: 'Another route' },
];

const validateModel = [required(), maxLength(200), regex(TOKEN_PATTERN, 'Printable ASCII without spaces')];

/**
 * Where a target sends requests: a provider account's model, or another route (nesting; the API
 * refuses cycles and routes nested too deep). Used for route targets and for an ensemble's judge.
 */
export const TargetInputs = ({ showWeight = false }: { showWeight?: boolean }) => {
  const sourceContext = useSourceContext();
  const kind = useWatch({ name: sourceContext.getSource('kind') }) as TargetKind | undefined;
  return (
    <Stack direction="row" spacing={2} useFlexGap flexWrap="wrap" alignItems="flex-start">
      <RadioButtonGroupInput
        source="kind"
        label="Sends to"
        choices={KIND_CHOICES}
        defaultValue="provider"
        row
        helperText={false}
      />
      {kind === 'route' ? (
        <ReferenceInput source="routeId" reference="routes" sort={{ field: 'alias', order: 'ASC' }}>
          <SelectInput label="Route" optionText="alias" validate={required()} helperText={false} />
        </ReferenceInput>
      ) : (
        <>
          <ReferenceInput source="providerId" reference="providers" sort={{ field: 'name', order: 'ASC' }}>
            <SelectInput
              label="Provider account"
              optionText="name"
              validate={required()}
              helperText={false}
            />
          </ReferenceInput>
          <TextInput source="model" label="Upstream model" validate={validateModel} helperText={false} />
        </>
      )}
      {showWeight && (
        <NumberInput
          source="weight"
          label="Weight"
          min={0}
          step={1}
          helperText="Default 1"
          sx={{ width: 110 }}
        />
      )}
    </Stack>
  );
};

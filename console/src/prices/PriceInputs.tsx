import { NumberInput, SelectInput, TextInput, maxLength, minValue, required } from 'react-admin';
import { InputAdornment } from '@mui/material';
import { microToUsd, usdToMicro } from '../common/usdPerMTok';
import { KIND_CHOICES } from '../providers/providerKinds';

const dollars = { startAdornment: <InputAdornment position="start">$</InputAdornment> };

/** A dollars-per-million-tokens input over the stored integer micro-USD. */
const UsdInput = ({
  source,
  label,
  optional = false,
}: {
  source: string;
  label: string;
  optional?: boolean;
}) => (
  <NumberInput
    source={source}
    label={label}
    format={microToUsd}
    parse={usdToMicro}
    validate={optional ? minValue(0) : [required(), minValue(0)]}
    min={0}
    step={0.01}
    InputProps={dollars}
    helperText="USD per million tokens"
  />
);

/** Provider kind and model identify a price; they cannot change once it exists. */
export const PriceInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <SelectInput
      source="providerKind"
      label="Provider kind"
      choices={KIND_CHOICES}
      validate={required()}
      disabled={editing}
    />
    <TextInput
      source="model"
      validate={[required(), maxLength(200)]}
      disabled={editing}
      helperText="The upstream model id, as routes send it"
    />
    <UsdInput source="inputPerMTok" label="Input" />
    <UsdInput source="outputPerMTok" label="Output" />
    <UsdInput source="cachedInputPerMTok" label="Cached input" optional />
    <NumberInput
      source="contextWindow"
      label="Context window"
      min={1}
      step={1}
      helperText="Tokens (optional)"
    />
  </>
);

import {
  AutocompleteArrayInput,
  DateTimeInput,
  ReferenceArrayInput,
  TextInput,
  maxLength,
  required,
} from 'react-admin';
import { CacheInputs } from '../cache/CacheInputs';

/** Expiry must lie ahead; the date input gives a local time, which the data provider sends as UTC. */
const inTheFuture = (value: string | null | undefined) =>
  value && new Date(value).getTime() <= Date.now() ? 'Pick a time in the future' : undefined;

/** On edit an already expired key keeps its past expiry unless someone changes it. */
export const KeyInputs = ({ editing = false }: { editing?: boolean }) => (
  <>
    <TextInput source="name" validate={[required(), maxLength(200)]} helperText="Who or what uses the key" />
    <DateTimeInput
      source="expiresAt"
      label="Expires at"
      validate={editing ? undefined : inTheFuture}
      helperText="Empty: never expires"
    />
    <ReferenceArrayInput source="allowedRouteIds" reference="routes" sort={{ field: 'alias', order: 'ASC' }}>
      <AutocompleteArrayInput label="Allowed routes" optionText="alias" helperText="Empty: every route" />
    </ReferenceArrayInput>
    <CacheInputs scope="For this key's calls to routes without cache settings of their own" />
  </>
);

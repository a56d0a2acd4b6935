import { DateTimeInput, SelectInput, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { ROLE_CHOICES } from '../common/RoleChip';
import { SecretOnceCreate } from '../common/SecretOnceCreate';

/** Creates a token and shows its secret once, as virtual keys do. */
export const ApiTokenCreate = () => (
  <SecretOnceCreate resource="api-tokens" title="New API token" noun="API token">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput
        source="name"
        validate={[required(), maxLength(200)]}
        helperText="What uses it, e.g. ci-deploy"
      />
      <SelectInput
        source="role"
        choices={ROLE_CHOICES}
        defaultValue="VIEWER"
        validate={required()}
        helperText="At most your own role in the workspace"
      />
      <DateTimeInput source="expiresAt" label="Expires at" helperText="Empty: never expires" />
    </SimpleForm>
  </SecretOnceCreate>
);

import { SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { SecretOnceCreate } from '../common/SecretOnceCreate';

/** Creates a token and shows its secret once, as virtual keys and API tokens do. */
export const ScimTokenCreate = () => (
  <SecretOnceCreate resource="scim-tokens" title="New SCIM token" noun="SCIM token">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput
        source="name"
        validate={[required(), maxLength(200)]}
        helperText="The identity provider that uses it, e.g. Okta production"
      />
    </SimpleForm>
  </SecretOnceCreate>
);

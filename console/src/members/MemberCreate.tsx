import { Create, SelectInput, SimpleForm, TextInput, email, required } from 'react-admin';
import { ROLE_CHOICES } from '../common/RoleChip';

export const MemberCreate = () => (
  <Create title="Add a member" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput
        source="email"
        label="Email"
        validate={[required(), email()]}
        helperText="An existing user (installation admins create users)"
      />
      <SelectInput source="role" choices={ROLE_CHOICES} defaultValue="VIEWER" validate={required()} />
    </SimpleForm>
  </Create>
);

import { Edit, SelectInput, SimpleForm, TextInput, required } from 'react-admin';
import { ROLE_CHOICES } from '../common/RoleChip';

/** Only the role changes; memberships from SCIM or SSO group mappings are recomputed by them. */
export const MemberEdit = () => (
  <Edit title="Member" mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput source="user.email" label="Email" disabled />
      <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
    </SimpleForm>
  </Edit>
);

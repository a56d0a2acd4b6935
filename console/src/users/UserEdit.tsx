import { BooleanInput, Edit, PasswordInput, SimpleForm, TextInput, minLength } from 'react-admin';

/** Deactivate (no sign-in; sessions and API tokens stop working), grant installation admin, set a password. */
export const UserEdit = () => (
  <Edit title="User" mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput source="email" disabled />
      <BooleanInput source="active" />
      <BooleanInput source="installationAdmin" label="Installation admin" />
      <PasswordInput
        source="password"
        label="New password"
        autoComplete="new-password"
        validate={minLength(12)}
        helperText="Empty: keep the current one"
      />
    </SimpleForm>
  </Edit>
);

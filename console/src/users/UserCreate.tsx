import {
  BooleanInput,
  Create,
  PasswordInput,
  SimpleForm,
  TextInput,
  email,
  minLength,
  required,
} from 'react-admin';

export const UserCreate = () => (
  <Create title="New user" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <TextInput source="email" validate={[required(), email()]} />
      <TextInput source="displayName" label="Name" />
      <PasswordInput
        source="password"
        autoComplete="new-password"
        validate={minLength(12)}
        helperText="At least 12 characters; empty: the user signs in through SSO only"
      />
      <BooleanInput source="installationAdmin" label="Installation admin" />
    </SimpleForm>
  </Create>
);

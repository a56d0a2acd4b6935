import { Create, SimpleForm } from 'react-admin';
import { ProviderInputs } from './ProviderInputs';

export const ProviderCreate = () => (
  <Create title="New provider account" redirect="list">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <ProviderInputs />
    </SimpleForm>
  </Create>
);

import { Create, SimpleForm } from 'react-admin';
import { GuardrailInputs } from './GuardrailInputs';

export const GuardrailCreate = () => (
  <Create title="New guardrail policy" redirect="show">
    <SimpleForm sx={{ maxWidth: 800 }}>
      <GuardrailInputs />
    </SimpleForm>
  </Create>
);

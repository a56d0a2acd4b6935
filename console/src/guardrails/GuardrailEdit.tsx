import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { GuardrailInputs } from './GuardrailInputs';

export const GuardrailEdit = () => (
  <Edit title={<RecordTitle label="Guardrail policy" />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 800 }}>
      <GuardrailInputs />
    </SimpleForm>
  </Edit>
);

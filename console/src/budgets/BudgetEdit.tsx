import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { BudgetInputs } from './BudgetInputs';

export const BudgetEdit = () => (
  <Edit title={<RecordTitle label="Budget" />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <BudgetInputs editing />
    </SimpleForm>
  </Edit>
);

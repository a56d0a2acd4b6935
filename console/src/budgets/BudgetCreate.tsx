import { Create, SimpleForm } from 'react-admin';
import { BudgetInputs } from './BudgetInputs';

export const BudgetCreate = () => (
  <Create title="New budget" redirect="show">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <BudgetInputs />
    </SimpleForm>
  </Create>
);

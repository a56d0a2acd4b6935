import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { PriceInputs } from './PriceInputs';

export const PriceEdit = () => (
  <Edit title={<RecordTitle label="Price of" />} mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 560 }}>
      <PriceInputs editing />
    </SimpleForm>
  </Edit>
);

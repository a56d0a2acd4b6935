import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { RouteInputs } from './RouteInputs';

export const RouteEdit = () => (
  <Edit title={<RecordTitle label="Route" />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 960 }}>
      <RouteInputs />
    </SimpleForm>
  </Edit>
);

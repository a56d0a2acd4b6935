import { Edit, SimpleForm } from 'react-admin';
import { McpAccessInputs } from './McpAccessInputs';

export const McpAccessEdit = () => (
  <Edit title="Tool access" mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <McpAccessInputs editing />
    </SimpleForm>
  </Edit>
);

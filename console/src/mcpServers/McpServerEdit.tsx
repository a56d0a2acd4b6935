import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { McpServerInputs } from './McpServerInputs';

export const McpServerEdit = () => (
  <Edit title={<RecordTitle label="MCP server" />} mutationMode="pessimistic" redirect="show">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <McpServerInputs editing />
    </SimpleForm>
  </Edit>
);

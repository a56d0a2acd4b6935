import { Create, SimpleForm } from 'react-admin';
import { McpServerInputs } from './McpServerInputs';

export const McpServerCreate = () => (
  <Create title="New MCP server" redirect="show">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <McpServerInputs />
    </SimpleForm>
  </Create>
);

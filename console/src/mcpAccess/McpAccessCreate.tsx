import { Create, SimpleForm } from 'react-admin';
import { McpAccessInputs } from './McpAccessInputs';

/** Granting access a key already has replaces it (the API's setMcpAccess is an upsert). */
export const McpAccessCreate = () => (
  <Create title="Grant tool access" redirect="list">
    <SimpleForm sx={{ maxWidth: 640 }}>
      <McpAccessInputs />
    </SimpleForm>
  </Create>
);

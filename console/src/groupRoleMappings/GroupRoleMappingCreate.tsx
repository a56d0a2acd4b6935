import { Create, SimpleForm } from 'react-admin';
import { GroupRoleMappingInputs } from './GroupRoleMappingInputs';

export const GroupRoleMappingCreate = () => (
  <Create title="New group role mapping" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <GroupRoleMappingInputs />
    </SimpleForm>
  </Create>
);

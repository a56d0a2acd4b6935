import { Edit, SimpleForm } from 'react-admin';
import { GroupRoleMappingInputs } from './GroupRoleMappingInputs';

export const GroupRoleMappingEdit = () => (
  <Edit title="Group role mapping" mutationMode="pessimistic" redirect="list">
    <SimpleForm sx={{ maxWidth: 600 }}>
      <GroupRoleMappingInputs editing />
    </SimpleForm>
  </Edit>
);

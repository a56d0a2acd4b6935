import { Edit, SimpleForm } from 'react-admin';
import { RecordTitle } from '../common/RecordTitle';
import { WorkspaceInputs } from './WorkspaceInputs';

export const WorkspaceEdit = () => (
  <Edit title={<RecordTitle label="Workspace" />} mutationMode="pessimistic">
    <SimpleForm sx={{ maxWidth: 720 }}>
      <WorkspaceInputs editing />
    </SimpleForm>
  </Edit>
);

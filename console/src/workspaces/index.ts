import WorkspacesIcon from '@mui/icons-material/Workspaces';
import { WorkspaceCreate } from './WorkspaceCreate';
import { WorkspaceEdit } from './WorkspaceEdit';
import { WorkspaceList } from './WorkspaceList';

export default {
  list: WorkspaceList,
  create: WorkspaceCreate,
  edit: WorkspaceEdit,
  icon: WorkspacesIcon,
  recordRepresentation: 'name',
  options: { label: 'Workspaces' },
};

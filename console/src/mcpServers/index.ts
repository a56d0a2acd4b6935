import HubIcon from '@mui/icons-material/Hub';
import { McpServerCreate } from './McpServerCreate';
import { McpServerEdit } from './McpServerEdit';
import { McpServerList } from './McpServerList';
import { McpServerShow } from './McpServerShow';

export default {
  list: McpServerList,
  create: McpServerCreate,
  edit: McpServerEdit,
  show: McpServerShow,
  icon: HubIcon,
  recordRepresentation: 'name',
  options: { label: 'MCP servers' },
};

import ConstructionIcon from '@mui/icons-material/Construction';
import { McpAccessCreate } from './McpAccessCreate';
import { McpAccessEdit } from './McpAccessEdit';
import { McpAccessList } from './McpAccessList';

export default {
  list: McpAccessList,
  create: McpAccessCreate,
  edit: McpAccessEdit,
  icon: ConstructionIcon,
  options: { label: 'MCP tool access' },
};

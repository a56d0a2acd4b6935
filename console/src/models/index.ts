import MenuBookIcon from '@mui/icons-material/MenuBook';
import { ModelList } from './ModelList';

/** Read-only: the catalog ships with the platform; workspaces override prices under Model prices. */
export default {
  list: ModelList,
  icon: MenuBookIcon,
  recordRepresentation: 'model',
  options: { label: 'Model catalog' },
};

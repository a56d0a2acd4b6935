import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { KeyCreate } from './KeyCreate';
import { KeyEdit } from './KeyEdit';
import { KeyList } from './KeyList';

export default {
  list: KeyList,
  create: KeyCreate,
  edit: KeyEdit,
  icon: VpnKeyIcon,
  recordRepresentation: 'name',
  options: { label: 'Virtual keys' },
};

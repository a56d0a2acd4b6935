import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { ApiTokenCreate } from './ApiTokenCreate';
import { ApiTokenList } from './ApiTokenList';

export default {
  list: ApiTokenList,
  create: ApiTokenCreate,
  icon: VpnKeyIcon,
  recordRepresentation: 'name',
  options: { label: 'API tokens' },
};

import CloudIcon from '@mui/icons-material/Cloud';
import { ProviderCreate } from './ProviderCreate';
import { ProviderEdit } from './ProviderEdit';
import { ProviderList } from './ProviderList';

export default {
  list: ProviderList,
  create: ProviderCreate,
  edit: ProviderEdit,
  icon: CloudIcon,
  recordRepresentation: 'name',
  options: { label: 'Provider accounts' },
};

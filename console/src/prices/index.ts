import PriceChangeIcon from '@mui/icons-material/PriceChange';
import { PriceCreate } from './PriceCreate';
import { PriceEdit } from './PriceEdit';
import { PriceList } from './PriceList';

export default {
  list: PriceList,
  create: PriceCreate,
  edit: PriceEdit,
  icon: PriceChangeIcon,
  recordRepresentation: 'model',
  options: { label: 'Model prices' },
};

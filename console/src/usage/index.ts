import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { UsageList } from './UsageList';
import { UsageShow } from './UsageShow';

export default {
  list: UsageList,
  show: UsageShow,
  icon: ReceiptLongIcon,
  recordRepresentation: 'requestId',
  options: { label: 'Usage' },
};

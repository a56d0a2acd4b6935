import SpeedIcon from '@mui/icons-material/Speed';
import { RateLimitCreate } from './RateLimitCreate';
import { RateLimitEdit } from './RateLimitEdit';
import { RateLimitList } from './RateLimitList';

export default {
  list: RateLimitList,
  create: RateLimitCreate,
  edit: RateLimitEdit,
  icon: SpeedIcon,
  options: { label: 'Rate limits' },
};

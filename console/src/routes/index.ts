import AltRouteIcon from '@mui/icons-material/AltRoute';
import { RouteCreate } from './RouteCreate';
import { RouteEdit } from './RouteEdit';
import { RouteList } from './RouteList';
import { RouteShow } from './RouteShow';

export default {
  list: RouteList,
  create: RouteCreate,
  edit: RouteEdit,
  show: RouteShow,
  icon: AltRouteIcon,
  recordRepresentation: 'alias',
  options: { label: 'Routes' },
};

import AltRouteIcon from '@mui/icons-material/AltRoute';
import { RouteCreate } from './RouteCreate';
import { RouteEdit } from './RouteEdit';
import { RouteList } from './RouteList';

export default {
  list: RouteList,
  create: RouteCreate,
  edit: RouteEdit,
  icon: AltRouteIcon,
  recordRepresentation: 'alias',
  options: { label: 'Routes' },
};

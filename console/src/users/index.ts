import PersonIcon from '@mui/icons-material/Person';
import { UserCreate } from './UserCreate';
import { UserEdit } from './UserEdit';
import { UserList } from './UserList';

export default {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PersonIcon,
  recordRepresentation: 'email',
  options: { label: 'Users' },
};

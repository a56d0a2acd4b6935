import GroupIcon from '@mui/icons-material/Group';
import { MemberCreate } from './MemberCreate';
import { MemberEdit } from './MemberEdit';
import { MemberList } from './MemberList';

export default {
  list: MemberList,
  create: MemberCreate,
  edit: MemberEdit,
  icon: GroupIcon,
  recordRepresentation: 'user.email',
  options: { label: 'Members' },
};

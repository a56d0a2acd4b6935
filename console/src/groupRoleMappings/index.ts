import GroupsIcon from '@mui/icons-material/Groups';
import { GroupRoleMappingCreate } from './GroupRoleMappingCreate';
import { GroupRoleMappingEdit } from './GroupRoleMappingEdit';
import { GroupRoleMappingList } from './GroupRoleMappingList';

export default {
  list: GroupRoleMappingList,
  create: GroupRoleMappingCreate,
  edit: GroupRoleMappingEdit,
  icon: GroupsIcon,
  recordRepresentation: 'group',
  options: { label: 'Group role mappings' },
};

import PolicyIcon from '@mui/icons-material/Policy';
import { GuardrailCreate } from './GuardrailCreate';
import { GuardrailEdit } from './GuardrailEdit';
import { GuardrailList } from './GuardrailList';
import { GuardrailShow } from './GuardrailShow';

export default {
  list: GuardrailList,
  create: GuardrailCreate,
  edit: GuardrailEdit,
  show: GuardrailShow,
  icon: PolicyIcon,
  recordRepresentation: 'name',
  options: { label: 'Guardrails' },
};

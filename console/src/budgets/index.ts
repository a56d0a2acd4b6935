import SavingsIcon from '@mui/icons-material/Savings';
import { BudgetCreate } from './BudgetCreate';
import { BudgetEdit } from './BudgetEdit';
import { BudgetList } from './BudgetList';
import { BudgetShow } from './BudgetShow';

export default {
  list: BudgetList,
  create: BudgetCreate,
  edit: BudgetEdit,
  show: BudgetShow,
  icon: SavingsIcon,
  recordRepresentation: 'name',
  options: { label: 'Budgets' },
};

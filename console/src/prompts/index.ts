import ArticleIcon from '@mui/icons-material/Article';
import { PromptCreate } from './PromptCreate';
import { PromptEdit } from './PromptEdit';
import { PromptList } from './PromptList';
import { PromptShow } from './PromptShow';

export default {
  list: PromptList,
  create: PromptCreate,
  edit: PromptEdit,
  show: PromptShow,
  icon: ArticleIcon,
  recordRepresentation: 'name',
  options: { label: 'Prompt templates' },
};

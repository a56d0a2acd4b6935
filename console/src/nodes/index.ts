import DnsIcon from '@mui/icons-material/Dns';
import { NodeList } from './NodeList';

export default {
  list: NodeList,
  icon: DnsIcon,
  recordRepresentation: 'nodeId',
  options: { label: 'Data-plane nodes' },
};

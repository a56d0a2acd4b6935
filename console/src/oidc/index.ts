import LoginIcon from '@mui/icons-material/Login';
import { OidcSettingsPage } from './OidcSettingsPage';

/** One settings page, shown as the resource's list: the installation has one set of settings. */
export default {
  list: OidcSettingsPage,
  icon: LoginIcon,
  options: { label: 'Single sign-on' },
};

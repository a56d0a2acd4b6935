import { AppBar, TitlePortal } from 'react-admin';
import { WorkspaceSwitcher } from '../workspace/WorkspaceSwitcher';

export const SwitchyardAppBar = () => (
  <AppBar>
    <TitlePortal />
    <WorkspaceSwitcher />
  </AppBar>
);

import type { ReactNode } from 'react';
import { Layout } from 'react-admin';
import { SwitchyardAppBar } from './SwitchyardAppBar';
import { SwitchyardMenu } from './SwitchyardMenu';

export const SwitchyardLayout = ({ children }: { children: ReactNode }) => (
  <Layout appBar={SwitchyardAppBar} menu={SwitchyardMenu}>
    {children}
  </Layout>
);

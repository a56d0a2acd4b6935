import { Admin, Resource, radiantDarkTheme, radiantLightTheme } from 'react-admin';
import { authProvider } from './auth/authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import keys from './keys';
import { LoginPage } from './layout/LoginPage';
import { SwitchyardLayout } from './layout/SwitchyardLayout';
import nodes from './nodes';
import providers from './providers';
import routes from './routes';
import usage from './usage';
import workspaces from './workspaces';

export const App = () => (
  <Admin
    title="Switchyard"
    dataProvider={dataProvider}
    authProvider={authProvider}
    loginPage={LoginPage}
    dashboard={Dashboard}
    layout={SwitchyardLayout}
    theme={radiantLightTheme}
    darkTheme={radiantDarkTheme}
    requireAuth
    disableTelemetry
  >
    <Resource name="providers" {...providers} />
    <Resource name="routes" {...routes} />
    <Resource name="keys" {...keys} />
    <Resource name="usage" {...usage} />
    <Resource name="workspaces" {...workspaces} />
    <Resource name="nodes" {...nodes} />
  </Admin>
);

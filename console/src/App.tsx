import { Admin, Resource, radiantDarkTheme, radiantLightTheme } from 'react-admin';
import { authProvider } from './auth/authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import keys from './keys';
import mcpAccess from './mcpAccess';
import mcpServers from './mcpServers';
import models from './models';
import { LoginPage } from './layout/LoginPage';
import { SwitchyardLayout } from './layout/SwitchyardLayout';
import nodes from './nodes';
import prices from './prices';
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
    <Resource name="prices" {...prices} />
    <Resource name="models" {...models} />
    <Resource name="mcp-servers" {...mcpServers} />
    <Resource name="mcp-access" {...mcpAccess} />
    <Resource name="usage" {...usage} />
    <Resource name="workspaces" {...workspaces} />
    <Resource name="nodes" {...nodes} />
  </Admin>
);

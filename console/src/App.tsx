import { Admin, Resource, radiantDarkTheme, radiantLightTheme } from 'react-admin';
import apiTokens from './apiTokens';
import audit from './audit';
import budgets from './budgets';
import { authProvider } from './auth/authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import groupRoleMappings from './groupRoleMappings';
import guardrails from './guardrails';
import keys from './keys';
import members from './members';
import mcpAccess from './mcpAccess';
import mcpServers from './mcpServers';
import models from './models';
import { LoginPage } from './layout/LoginPage';
import { SwitchyardLayout } from './layout/SwitchyardLayout';
import nodes from './nodes';
import oidc from './oidc';
import prices from './prices';
import prompts from './prompts';
import providers from './providers';
import rateLimits from './rateLimits';
import routes from './routes';
import scimTokens from './scimTokens';
import usage from './usage';
import users from './users';
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
    <Resource name="guardrails" {...guardrails} />
    <Resource name="rate-limits" {...rateLimits} />
    <Resource name="budgets" {...budgets} />
    <Resource name="prompts" {...prompts} />
    <Resource name="usage" {...usage} />
    <Resource name="audit" {...audit} />
    <Resource name="members" {...members} />
    <Resource name="api-tokens" {...apiTokens} />
    <Resource name="workspaces" {...workspaces} />
    <Resource name="users" {...users} />
    <Resource name="nodes" {...nodes} />
    <Resource name="oidc-settings" {...oidc} />
    <Resource name="scim-tokens" {...scimTokens} />
    <Resource name="group-role-mappings" {...groupRoleMappings} />
  </Admin>
);

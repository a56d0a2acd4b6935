import { Menu, useCanAccess, useSidebarState } from 'react-admin';
import { ListSubheader } from '@mui/material';

/** Section headings only when the sidebar is open: collapsed, the icons speak for themselves. */
const Section = ({ label }: { label: string }) => {
  const [open] = useSidebarState();
  if (!open) return null;
  return (
    <ListSubheader disableSticky sx={{ lineHeight: '32px', mt: 1, bgcolor: 'transparent' }}>
      {label}
    </ListSubheader>
  );
};

/** A heading over installation-only pages, for whoever may list `resource` (a heading over nothing says nothing). */
const SectionFor = ({ label, resource }: { label: string; resource: string }) => {
  const { canAccess } = useCanAccess({ resource, action: 'list' });
  return canAccess ? <Section label={label} /> : null;
};

/** Workspace resources first (what admins change daily), then the platform-wide pages. */
export const SwitchyardMenu = () => (
  <Menu>
    <Menu.DashboardItem />
    <Section label="Workspace" />
    <Menu.ResourceItem name="providers" />
    <Menu.ResourceItem name="routes" />
    <Menu.ResourceItem name="keys" />
    <Menu.ResourceItem name="prices" />
    <Menu.ResourceItem name="mcp-servers" />
    <Menu.ResourceItem name="mcp-access" />
    <Menu.ResourceItem name="guardrails" />
    <Menu.ResourceItem name="rate-limits" />
    <Menu.ResourceItem name="budgets" />
    <Menu.ResourceItem name="prompts" />
    <Menu.ResourceItem name="usage" />
    <Menu.ResourceItem name="audit" />
    <Menu.ResourceItem name="members" />
    <Menu.ResourceItem name="api-tokens" />
    <Section label="Platform" />
    <Menu.ResourceItem name="models" />
    <Menu.ResourceItem name="workspaces" />
    <Menu.ResourceItem name="users" />
    <Menu.ResourceItem name="nodes" />
    <SectionFor label="Identity" resource="oidc-settings" />
    <Menu.ResourceItem name="oidc-settings" />
    <Menu.ResourceItem name="scim-tokens" />
    <Menu.ResourceItem name="group-role-mappings" />
  </Menu>
);

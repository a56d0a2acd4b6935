import { useRecordContext } from 'react-admin';
import { Chip, type ChipProps } from '@mui/material';
import type { WorkspaceRole } from '../auth/access';

const COLORS: Record<WorkspaceRole, ChipProps['color']> = {
  OWNER: 'secondary',
  ADMIN: 'primary',
  MEMBER: 'success',
  VIEWER: 'default',
};

/** A workspace role (`source`, default "role") as a chip: owner, admin, member, viewer. */
export const RoleChip = ({ source = 'role' }: { source?: string }) => {
  const record = useRecordContext<Record<string, string>>();
  const role = record?.[source] as WorkspaceRole | undefined;
  if (!role) return null;
  return <Chip size="small" color={COLORS[role] ?? 'default'} label={role.toLowerCase()} />;
};

export const ROLE_CHOICES: { id: WorkspaceRole; name: string }[] = [
  { id: 'VIEWER', name: 'viewer: reads everything' },
  { id: 'MEMBER', name: 'member: also creates keys and tries guardrails' },
  { id: 'ADMIN', name: 'admin: configures the workspace' },
  { id: 'OWNER', name: 'owner: also deletes it and names owners' },
];

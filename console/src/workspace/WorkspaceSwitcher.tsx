import { useEffect, useRef } from 'react';
import { useGetList, useLocation, useNavigate } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { Button, ListItemText, MenuItem, Select, type SelectChangeEvent } from '@mui/material';
import WorkspacesIcon from '@mui/icons-material/Workspaces';
import AddIcon from '@mui/icons-material/Add';
import type { Workspace } from '../workspaces/types';
import { WORKSPACE_SCOPED_RESOURCES } from '../dataProvider';
import { setWorkspaceId, useWorkspaceId } from './workspaceStore';

const MANAGE = '__manage__';
const DETAIL_PAGE = new RegExp(`^/(${WORKSPACE_SCOPED_RESOURCES.join('|')})/.+`);

/**
 * Picks the workspace that providers, routes, keys, usage and the dashboard show. The choice is kept
 * in localStorage; when it is missing or no longer exists, the first workspace is selected.
 */
export const WorkspaceSwitcher = () => {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: workspaces, isFetching } = useGetList<Workspace>('workspaces', {
    pagination: { page: 1, perPage: 1000 },
    sort: { field: 'name', order: 'ASC' },
  });

  // Only a fresh list may overrule the choice: a workspace created a moment ago is not in the old one.
  useEffect(() => {
    if (!workspaces || isFetching) return;
    if (workspaces.length === 0) setWorkspaceId(null);
    else if (!workspaces.some((workspace) => workspace.id === workspaceId)) setWorkspaceId(workspaces[0].id);
  }, [workspaces, isFetching, workspaceId]);

  // Cached lists belong to the previous workspace: drop them and let the visible ones refetch.
  const previous = useRef(workspaceId);
  useEffect(() => {
    if (previous.current === workspaceId) return;
    previous.current = workspaceId;
    void queryClient.resetQueries({
      // What the caller may do depends on their role in the workspace: ask again.
      predicate: (query) =>
        WORKSPACE_SCOPED_RESOURCES.includes(String(query.queryKey[0])) ||
        (query.queryKey[0] === 'auth' && query.queryKey[1] === 'canAccess'),
    });
  }, [workspaceId, queryClient]);

  if (workspaces && workspaces.length === 0) {
    return (
      <Button color="inherit" startIcon={<AddIcon />} onClick={() => navigate('/workspaces/create')}>
        Create a workspace
      </Button>
    );
  }

  const onChange = (event: SelectChangeEvent<string>) => {
    if (event.target.value === MANAGE) {
      navigate('/workspaces');
      return;
    }
    setWorkspaceId(event.target.value);
    // A record page of the old workspace would 404 in the new one: go back to its list.
    const detail = DETAIL_PAGE.exec(location.pathname);
    if (detail) navigate(`/${detail[1]}`);
  };

  const known = workspaces?.some((workspace) => workspace.id === workspaceId);
  return (
    <Select
      size="small"
      value={known && workspaceId ? workspaceId : ''}
      onChange={onChange}
      displayEmpty
      aria-label="Workspace"
      data-testid="workspace-switcher"
      renderValue={(id) => workspaces?.find((workspace) => workspace.id === id)?.name ?? 'Loading…'}
      startAdornment={<WorkspacesIcon fontSize="small" sx={{ mr: 1, opacity: 0.8 }} />}
      sx={{
        minWidth: 200,
        mr: 1,
        color: 'inherit',
        '& .MuiOutlinedInput-notchedOutline': { borderColor: 'currentColor', opacity: 0.4 },
        '& .MuiSvgIcon-root': { color: 'inherit' },
      }}
    >
      {workspaces?.map((workspace) => (
        <MenuItem key={workspace.id} value={workspace.id}>
          <ListItemText primary={workspace.name} secondary={workspace.slug} />
        </MenuItem>
      ))}
      <MenuItem value={MANAGE} divider={false} sx={{ borderTop: 1, borderColor: 'divider' }}>
        <ListItemText primary="Manage workspaces…" />
      </MenuItem>
    </Select>
  );
};

import type { ReactNode } from 'react';
import { useNavigate } from 'react-admin';
import { Button, Card, CardActions, CardContent, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useWorkspaceId } from './workspaceStore';

/**
 * Workspace-scoped pages render only once a workspace is selected; before the first workspace exists
 * they explain what to do instead of failing a request.
 */
export const NoWorkspaceGuard = ({ children }: { children: ReactNode }) => {
  const workspaceId = useWorkspaceId();
  const navigate = useNavigate();
  if (workspaceId) return <>{children}</>;
  return (
    <Card sx={{ mt: 2, maxWidth: 560 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          No workspace selected
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Provider accounts, routes, virtual keys and usage belong to a workspace. Pick one in the top bar, or
          create the first one.
        </Typography>
      </CardContent>
      <CardActions>
        <Button startIcon={<AddIcon />} onClick={() => navigate('/workspaces/create')}>
          Create a workspace
        </Button>
      </CardActions>
    </Card>
  );
};

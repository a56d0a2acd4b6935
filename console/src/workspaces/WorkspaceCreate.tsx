import { Create, SimpleForm, useNotify, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { setWorkspaceId } from '../workspace/workspaceStore';
import type { Workspace } from './types';
import { WorkspaceInputs } from './WorkspaceInputs';

/** A new workspace becomes the selected one: the next thing people do is add providers to it. */
export const WorkspaceCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const onSuccess = async (workspace: Workspace) => {
    // Refresh the switcher's list first, so it knows the new workspace when it becomes the selected one.
    await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
    setWorkspaceId(workspace.id);
    notify(`Workspace ${workspace.name} created and selected`, { type: 'success' });
    redirect('list', 'workspaces');
  };
  return (
    <Create<Workspace> title="New workspace" mutationOptions={{ onSuccess }}>
      <SimpleForm sx={{ maxWidth: 720 }}>
        <WorkspaceInputs />
      </SimpleForm>
    </Create>
  );
};

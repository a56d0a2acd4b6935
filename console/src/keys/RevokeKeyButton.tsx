import { useState } from 'react';
import {
  Button,
  Confirm,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
} from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import BlockIcon from '@mui/icons-material/Block';
import type { SwitchyardDataProvider } from '../dataProvider';
import type { VirtualKey } from './types';

/** Revoking is final (a revoked key never works again), so it asks first. */
export const RevokeKeyButton = () => {
  const record = useRecordContext<VirtualKey>();
  const dataProvider = useDataProvider<SwitchyardDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ resource: 'keys', action: 'delete' });
  const { mutate, isPending } = useMutation({
    mutationFn: (id: string) => dataProvider.revokeVirtualKey(id),
    onSuccess: () => {
      notify('Key revoked: gateways reject it once they apply the next snapshot', { type: 'info' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
    onSettled: () => setOpen(false),
  });
  if (!record || record.revokedAt || !canAccess) return null;
  return (
    // The button sits in a clickable row, and React events bubble out of the dialog's portal too.
    <span onClick={(event) => event.stopPropagation()}>
      <Button label="Revoke" color="error" onClick={() => setOpen(true)} disabled={isPending}>
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title={`Revoke key “${record.name}”?`}
        content="Requests using this key will be rejected. This cannot be undone."
        confirm="Revoke"
        confirmColor="warning"
        onConfirm={() => mutate(String(record.id))}
        onClose={() => setOpen(false)}
      />
    </span>
  );
};

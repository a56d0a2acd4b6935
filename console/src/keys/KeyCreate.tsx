import { useState } from 'react';
import { Create, SimpleForm, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { CreatedVirtualKey } from '../types';
import { KeyInputs } from './KeyInputs';
import { KeySecretDialog } from './KeySecretDialog';

/**
 * Creates a key and shows its secret once. react-admin caches a created record for its show/edit
 * pages; that copy is replaced by one without the secret so it does not outlive the dialog.
 */
export const KeyCreate = () => {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const redirect = useRedirect();
  const queryClient = useQueryClient();

  const onSuccess = ({ secret, ...key }: CreatedVirtualKey) => {
    queryClient.setQueryData(['keys', 'getOne', { id: String(key.id), meta: undefined }], key);
    setCreated({ name: key.name, secret });
  };

  return (
    <>
      <Create title="New virtual key" mutationOptions={{ onSuccess }}>
        <SimpleForm sx={{ maxWidth: 720 }}>
          <KeyInputs />
        </SimpleForm>
      </Create>
      {created && (
        <KeySecretDialog
          name={created.name}
          secret={created.secret}
          onClose={() => {
            setCreated(null);
            redirect('list', 'keys');
          }}
        />
      )}
    </>
  );
};

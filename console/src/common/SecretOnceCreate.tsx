import { useState, type ReactNode } from 'react';
import { Create, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { KeySecretDialog } from '../keys/KeySecretDialog';

interface SecretOnceCreateProps {
  /** The react-admin resource: its list is where the dialog's button goes. */
  resource: string;
  /** The create page's title. */
  title: string;
  /** What was created, for the dialog's title: “<noun> “<name>” created”. */
  noun: string;
  /** The form. */
  children: ReactNode;
}

/**
 * A create page for a record whose secret the API returns once (virtual keys, API tokens, SCIM
 * tokens): shows the secret in a copy dialog, then goes to the list. react-admin caches a created
 * record for its show/edit pages; that copy is replaced by one without the secret so it does not
 * outlive the dialog.
 */
export const SecretOnceCreate = ({ resource, title, noun, children }: SecretOnceCreateProps) => {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const onSuccess = ({ secret, ...record }: { id: string | number; name: string; secret: string }) => {
    queryClient.setQueryData([resource, 'getOne', { id: String(record.id), meta: undefined }], record);
    setCreated({ name: record.name, secret });
  };
  return (
    <>
      <Create title={title} resource={resource} mutationOptions={{ onSuccess }}>
        {children}
      </Create>
      {created && (
        <KeySecretDialog
          title={`${noun} “${created.name}” created`}
          secret={created.secret}
          onClose={() => {
            setCreated(null);
            redirect('list', resource);
          }}
        />
      )}
    </>
  );
};

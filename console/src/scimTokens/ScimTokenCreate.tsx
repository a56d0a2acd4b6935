import { useState } from 'react';
import { Create, SimpleForm, TextInput, maxLength, required, useRedirect } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { KeySecretDialog } from '../keys/KeySecretDialog';
import type { ScimToken } from '../types';

/** Creates a token and shows its secret once, in the dialog virtual keys and API tokens use. */
export const ScimTokenCreate = () => {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const onSuccess = ({ secret, ...token }: ScimToken & { secret: string }) => {
    queryClient.setQueryData(['scim-tokens', 'getOne', { id: String(token.id), meta: undefined }], token);
    setCreated({ name: token.name, secret });
  };
  return (
    <>
      <Create title="New SCIM token" mutationOptions={{ onSuccess }}>
        <SimpleForm sx={{ maxWidth: 600 }}>
          <TextInput
            source="name"
            validate={[required(), maxLength(200)]}
            helperText="The identity provider that uses it, e.g. Okta production"
          />
        </SimpleForm>
      </Create>
      {created && (
        <KeySecretDialog
          name={created.name}
          secret={created.secret}
          title={`SCIM token “${created.name}” created`}
          onClose={() => {
            setCreated(null);
            redirect('list', 'scim-tokens');
          }}
        />
      )}
    </>
  );
};

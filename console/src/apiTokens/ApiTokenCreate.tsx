import { useState } from 'react';
import {
  Create,
  DateTimeInput,
  SelectInput,
  SimpleForm,
  TextInput,
  maxLength,
  required,
  useRedirect,
} from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { ROLE_CHOICES } from '../common/RoleChip';
import { KeySecretDialog } from '../keys/KeySecretDialog';
import type { ApiToken } from '../types';

/** Creates a token and shows its secret once, as virtual keys do. */
export const ApiTokenCreate = () => {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const onSuccess = ({ secret, ...token }: ApiToken & { secret: string }) => {
    queryClient.setQueryData(['api-tokens', 'getOne', { id: String(token.id), meta: undefined }], token);
    setCreated({ name: token.name, secret });
  };
  return (
    <>
      <Create title="New API token" mutationOptions={{ onSuccess }}>
        <SimpleForm sx={{ maxWidth: 600 }}>
          <TextInput
            source="name"
            validate={[required(), maxLength(200)]}
            helperText="What uses it, e.g. ci-deploy"
          />
          <SelectInput
            source="role"
            choices={ROLE_CHOICES}
            defaultValue="VIEWER"
            validate={required()}
            helperText="At most your own role in the workspace"
          />
          <DateTimeInput source="expiresAt" label="Expires at" helperText="Empty: never expires" />
        </SimpleForm>
      </Create>
      {created && (
        <KeySecretDialog
          name={created.name}
          secret={created.secret}
          title={`API token “${created.name}” created`}
          onClose={() => {
            setCreated(null);
            redirect('list', 'api-tokens');
          }}
        />
      )}
    </>
  );
};

import { BooleanInput, PasswordInput, useRecordContext } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { Chip, Stack } from '@mui/material';
import type { OidcSettingsRecord } from '../dataProvider/oidcSettings';

/**
 * The client secret is write-only: the API says whether one is set, never what it is. Empty keeps
 * the saved secret; a switch removes it (public clients using PKCE alone need none).
 */
export const ClientSecretInput = () => {
  const record = useRecordContext<OidcSettingsRecord>();
  const removing = useWatch({ name: 'removeClientSecret' }) as boolean | undefined;
  const saved = record?.hasClientSecret && record.source === 'database';
  return (
    <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap">
      <PasswordInput
        source="clientSecret"
        label="Client secret"
        autoComplete="new-password"
        disabled={removing}
        helperText={
          saved
            ? 'Empty: keep the saved secret'
            : record?.source === 'environment'
              ? 'Saving here replaces SWITCHYARD_OIDC_*: enter the secret again'
              : 'From the application registered at the provider'
        }
      />
      <Chip
        size="small"
        variant="outlined"
        color={record?.hasClientSecret ? 'success' : 'default'}
        label={record?.hasClientSecret ? 'secret: set (***)' : 'secret: not set'}
        data-testid="oidc-secret-state"
      />
      {saved && (
        <BooleanInput source="removeClientSecret" label="Remove the saved secret" helperText={false} />
      )}
    </Stack>
  );
};

import { useWatch } from 'react-hook-form';
import { Alert, AlertTitle, Box } from '@mui/material';
import { CopyButton } from '../common/CopyButton';

/** The callback the identity provider must list as an allowed redirect URI, as the form has it now. */
export const RedirectUriNotice = () => {
  const redirectUri = (useWatch({ name: 'redirectUri' }) as string | undefined) ?? '';
  return (
    <Alert severity="info" sx={{ mb: 2, width: '100%' }} data-testid="oidc-redirect-uri">
      <AlertTitle>Give your identity provider this redirect URI</AlertTitle>
      <Box component="span" sx={{ fontFamily: 'monospace', mr: 1 }}>
        {redirectUri.trim() || '(enter it below)'}
      </Box>
      {redirectUri.trim() && <CopyButton text={redirectUri.trim()} label="Copy the redirect URI" />}
    </Alert>
  );
};

import { useQuery } from '@tanstack/react-query';
import { Box, Button, Divider } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { graphqlUrl } from '../config';

/** `/auth/oidc/...` on the control plane that serves the GraphQL API. */
const oidcUrl = (path: string) => new URL(`/auth/oidc/${path}`, graphqlUrl).toString();

/**
 * "Sign in with SSO", when the control plane says OIDC is on (`GET /auth/oidc/status`). The
 * provider sends the browser back to the console with the session in the URL fragment.
 */
export const SsoButton = () => {
  const { data } = useQuery({
    queryKey: ['oidcStatus'],
    queryFn: async () => {
      const response = await fetch(oidcUrl('status'), { headers: { accept: 'application/json' } });
      if (!response.ok) return { enabled: false };
      return (await response.json()) as { enabled: boolean };
    },
    retry: false,
    staleTime: 60_000,
  });
  if (!data?.enabled) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Divider sx={{ mb: 2 }}>or</Divider>
      <Button variant="outlined" fullWidth startIcon={<KeyIcon />} href={oidcUrl('login')}>
        Sign in with SSO
      </Button>
    </Box>
  );
};

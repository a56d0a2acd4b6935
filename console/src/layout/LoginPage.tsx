import { useState } from 'react';
import { Form, Login, PasswordInput, required, useLogin, useNotify } from 'react-admin';
import { Box, Button, CardContent, CircularProgress, Typography } from '@mui/material';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import type { TokenCredentials } from '../auth/authProvider';

const TokenLoginForm = () => {
  const login = useLogin();
  const notify = useNotify();
  const [loading, setLoading] = useState(false);

  const submit = (values: Partial<TokenCredentials>) => {
    setLoading(true);
    login({ token: values.token ?? '' })
      .catch((error: Error) => notify(error.message || 'Sign-in failed', { type: 'error' }))
      .finally(() => setLoading(false));
  };

  return (
    <Form onSubmit={submit}>
      <CardContent sx={{ width: 340 }}>
        <Typography variant="h6" align="center">
          Switchyard
        </Typography>
        <Typography variant="body2" align="center" color="text.secondary" sx={{ mb: 2 }}>
          Sign in with the control plane&apos;s admin token
        </Typography>
        <PasswordInput
          source="token"
          label="Admin token"
          autoFocus
          fullWidth
          validate={required()}
          helperText="SWITCHYARD_ADMIN_TOKEN"
          autoComplete="current-password"
        />
        <Box sx={{ mt: 2 }}>
          <Button type="submit" variant="contained" fullWidth disabled={loading}>
            {loading ? <CircularProgress size={22} thickness={3} /> : 'Sign in'}
          </Button>
        </Box>
      </CardContent>
    </Form>
  );
};

export const LoginPage = () => (
  <Login avatarIcon={<AltRouteIcon />}>
    <TokenLoginForm />
  </Login>
);

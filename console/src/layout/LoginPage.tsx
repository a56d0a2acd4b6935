import { useState } from 'react';
import { Form, Login, PasswordInput, TextInput, required, useLogin, useNotify } from 'react-admin';
import { Box, Button, CardContent, CircularProgress, Link, Typography } from '@mui/material';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import { SsoButton } from './SsoButton';

type Mode = 'password' | 'token';

/** Email and password by default; the bootstrap admin token one click away (first run). */
const LoginForm = () => {
  const login = useLogin();
  const notify = useNotify();
  const [loading, setLoading] = useState(false);
  const [mode, setMode] = useState<Mode>('password');

  const submit = (values: { email?: string; password?: string; token?: string }) => {
    setLoading(true);
    const credentials =
      mode === 'token'
        ? { token: values.token ?? '' }
        : { email: values.email ?? '', password: values.password ?? '' };
    login(credentials)
      .catch((error: Error) => notify(error.message || 'Sign-in failed', { type: 'error' }))
      .finally(() => setLoading(false));
  };

  return (
    <Form onSubmit={submit} key={mode}>
      <CardContent sx={{ width: 340 }}>
        <Typography variant="h6" align="center">
          Switchyard
        </Typography>
        <Typography variant="body2" align="center" color="text.secondary" sx={{ mb: 2 }}>
          {mode === 'password'
            ? 'Sign in with your email and password'
            : "Sign in with the control plane's admin token"}
        </Typography>
        {mode === 'password' ? (
          <>
            <TextInput
              source="email"
              label="Email"
              type="email"
              autoFocus
              fullWidth
              validate={required()}
              autoComplete="username"
            />
            <PasswordInput
              source="password"
              label="Password"
              fullWidth
              validate={required()}
              autoComplete="current-password"
            />
          </>
        ) : (
          <PasswordInput
            source="token"
            label="Admin token"
            autoFocus
            fullWidth
            validate={required()}
            helperText="SWITCHYARD_ADMIN_TOKEN"
            autoComplete="current-password"
          />
        )}
        <Box sx={{ mt: 2 }}>
          <Button type="submit" variant="contained" fullWidth disabled={loading}>
            {loading ? <CircularProgress size={22} thickness={3} /> : 'Sign in'}
          </Button>
        </Box>
        <SsoButton />
        <Box sx={{ mt: 2, textAlign: 'center' }}>
          <Link
            component="button"
            type="button"
            variant="body2"
            onClick={() => setMode(mode === 'password' ? 'token' : 'password')}
          >
            {mode === 'password' ? 'Use the admin token instead' : 'Use email and password'}
          </Link>
        </Box>
      </CardContent>
    </Form>
  );
};

export const LoginPage = () => (
  <Login avatarIcon={<AltRouteIcon />}>
    <LoginForm />
  </Login>
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { sessionFromFragment } from './auth/ssoFragment';
import { setToken } from './auth/tokenStore';

// Back from single sign-on: keep the session and take the token out of the address bar.
const sso = sessionFromFragment(window.location.href);
if (sso) {
  setToken(sso.token);
  window.history.replaceState(null, '', sso.cleanUrl);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

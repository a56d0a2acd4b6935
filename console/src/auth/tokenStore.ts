/**
 * The bearer token the console sends: a session token from `login` (email and password), or the
 * control plane's bootstrap SWITCHYARD_ADMIN_TOKEN. It lives in localStorage so a reload keeps
 * the session; logging out or any UNAUTHENTICATED answer removes it.
 */
const TOKEN_KEY = 'switchyard.token';

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

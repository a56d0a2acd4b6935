/**
 * The admin bearer token (the control plane's SWITCHYARD_ADMIN_TOKEN) lives in localStorage so a reload
 * keeps the session; logging out or any UNAUTHENTICATED answer removes it.
 */
const TOKEN_KEY = 'switchyard.adminToken';

export function getAdminToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function setAdminToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearAdminToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

/**
 * After single sign-on the control plane redirects here with the session token in the URL
 * fragment (`#session=<token>&expires_at=<time>`; a fragment never reaches a server or a log).
 * Returns the token and the URL to show instead (the fragment replaced by the console's home
 * route), or null when the URL carries no session.
 */
export function sessionFromFragment(href: string): { token: string; cleanUrl: string } | null {
  const url = new URL(href);
  const params = new URLSearchParams(url.hash.replace(/^#\/?/, ''));
  const token = params.get('session');
  if (!token) return null;
  url.hash = '#/';
  return { token, cleanUrl: url.toString() };
}

/** Single sign-on settings as installation admins see them: whether a secret is set, never the secret. */
export interface OidcSettings {
  /** database (saved here) or environment (SWITCHYARD_OIDC_*). */
  source: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  redirectUri: string;
  scopes: string[];
  defaultWorkspaceId: string | null;
  /** owner, admin, member or viewer (lower case, unlike the WorkspaceRole enum). */
  defaultRole: string | null;
  allowedEmailDomains: string[];
  groupsClaim: string | null;
  postLoginRedirect: string;
  updatedAt: string | null;
}

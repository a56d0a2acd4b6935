/** A bearer token an identity provider uses for SCIM provisioning; the secret is shown once. */
export interface ScimToken {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

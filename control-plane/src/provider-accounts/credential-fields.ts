/**
 * The write-only credential fields of a provider account, each a string of `ProviderCredentials`:
 * the API's inputs and the config file's provider keys. No imports, so the CLI's file reader can
 * use it without loading the rest of the control plane.
 */
export const CREDENTIAL_FIELDS = [
  'apiKey',
  'awsAccessKeyId',
  'awsSecretAccessKey',
  'awsSessionToken',
  'serviceAccountJson',
  'clientId',
  'clientSecret',
] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

import type { SignatureV4 } from '@smithy/signature-v4';
import type { ProviderSetup } from '../adapter-types';

interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * How requests to one Bedrock account are authenticated. The SigV4 signer is built on the
 * first request (its libraries are loaded then), so nodes without Bedrock never load them.
 */
export type BedrockAuth =
  | { kind: 'sigv4'; region: string; credentials: AwsCredentials; signer: Promise<SignatureV4> | null }
  | { kind: 'api-key'; authorization: string };

async function makeSigner(region: string, credentials: AwsCredentials): Promise<SignatureV4> {
  const [{ SignatureV4 }, { Sha256 }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
  ]);
  return new SignatureV4({ service: 'bedrock', region, credentials, sha256: Sha256 });
}

/** SigV4 with the account's static credentials, or a Bedrock API key as a bearer token. */
export function bedrockAuth(setup: ProviderSetup, region: string): BedrockAuth {
  const c = setup.credentials;
  if (c.awsAccessKeyId && c.awsSecretAccessKey) {
    const credentials = {
      accessKeyId: c.awsAccessKeyId,
      secretAccessKey: c.awsSecretAccessKey,
      ...(c.awsSessionToken ? { sessionToken: c.awsSessionToken } : {}),
    };
    return { kind: 'sigv4', region, credentials, signer: null };
  }
  if (c.apiKey) return { kind: 'api-key', authorization: `Bearer ${c.apiKey}` };
  throw new Error(
    `Bedrock provider ${setup.name}: credentials need awsAccessKeyId and awsSecretAccessKey, or a Bedrock apiKey`,
  );
}

/**
 * The headers of one POST: signed (`host`, `x-amz-date`, `x-amz-content-sha256`,
 * `authorization`, and the session token when there is one) or with the API key.
 */
export async function authorize(
  auth: BedrockAuth,
  origin: URL,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  if (auth.kind === 'api-key') return { ...headers, authorization: auth.authorization };
  auth.signer ??= makeSigner(auth.region, auth.credentials);
  const signed = await (
    await auth.signer
  ).sign({
    method: 'POST',
    protocol: origin.protocol,
    hostname: origin.hostname,
    port: origin.port ? Number(origin.port) : undefined,
    path,
    query: {},
    headers: { ...headers, host: origin.host },
    body,
  });
  return signed.headers as Record<string, string>;
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The four secrets the planes need. Kept stable across restarts: the master key decrypts stored credentials. */
export interface PlatformSecrets {
  masterKey: string;
  snapshotKey: string;
  adminToken: string;
  nodeToken: string;
}

const FROM_ENV: Record<keyof PlatformSecrets, string> = {
  masterKey: 'SWITCHYARD_MASTER_KEY',
  snapshotKey: 'SWITCHYARD_SNAPSHOT_KEY',
  adminToken: 'SWITCHYARD_ADMIN_TOKEN',
  nodeToken: 'SWITCHYARD_NODE_TOKEN',
};

/** Fresh random secrets: 32-byte keys in hex, tokens in base64url. */
export function generateSecrets(): PlatformSecrets {
  return {
    masterKey: randomBytes(32).toString('hex'),
    snapshotKey: randomBytes(32).toString('hex'),
    adminToken: `sya-${randomBytes(24).toString('base64url')}`,
    nodeToken: `syn-${randomBytes(24).toString('base64url')}`,
  };
}

/**
 * Secrets for a local platform: each one from its environment variable when set, else
 * from `file` (written, mode 0600, with freshly generated values the first time).
 */
export function loadOrCreateSecrets(file: string, env: NodeJS.ProcessEnv): PlatformSecrets {
  let stored: PlatformSecrets;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as PlatformSecrets;
  } else {
    stored = generateSecrets();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const result = { ...stored };
  for (const [field, variable] of Object.entries(FROM_ENV) as [keyof PlatformSecrets, string][]) {
    if (env[variable]) result[field] = env[variable];
  }
  return result;
}

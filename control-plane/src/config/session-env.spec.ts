import { EnvConfigError, parseEnv } from './env';

const base: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://localhost/switchyard',
  NATS_URL: 'nats://127.0.0.1:4222',
  SWITCHYARD_MASTER_KEY: '11'.repeat(32),
  SWITCHYARD_SNAPSHOT_KEY: '22'.repeat(32),
  SWITCHYARD_ADMIN_TOKEN: 'admin-token-0123456789',
  SWITCHYARD_NODE_TOKEN: 'node-token-0123456789',
};

const failure = (env: NodeJS.ProcessEnv) => {
  try {
    parseEnv({ ...base, ...env });
  } catch (error) {
    if (error instanceof EnvConfigError) return error.message;
    throw error;
  }
  throw new Error('parseEnv accepted it');
};

it('defaults to a 12 h session and a signing key kept in the database', () => {
  const config = parseEnv(base);
  expect(config.sessionSecret).toBeNull();
  expect(config.sessionTtlSeconds).toBe(12 * 3600);
});

it('reads SWITCHYARD_SESSION_SECRET and SWITCHYARD_SESSION_TTL', () => {
  const config = parseEnv({
    ...base,
    SWITCHYARD_SESSION_SECRET: 's'.repeat(32),
    SWITCHYARD_SESSION_TTL: '30m',
  });
  expect(config.sessionSecret?.toString()).toBe('s'.repeat(32));
  expect(config.sessionTtlSeconds).toBe(1800);
  expect(parseEnv({ ...base, SWITCHYARD_SESSION_TTL: '7d' }).sessionTtlSeconds).toBe(7 * 86400);
});

it('names the variable when a session setting is wrong', () => {
  expect(failure({ SWITCHYARD_SESSION_SECRET: 'too-short' })).toBe(
    'SWITCHYARD_SESSION_SECRET must be at least 32 characters',
  );
  expect(failure({ SWITCHYARD_SESSION_TTL: '12 hours' })).toBe(
    'SWITCHYARD_SESSION_TTL must be a duration like 30m, 12h or 7d, got "12 hours"',
  );
  expect(failure({ SWITCHYARD_SESSION_TTL: '30s' })).toBe(
    'SWITCHYARD_SESSION_TTL must be between 1m and 30d, got "30s"',
  );
  expect(failure({ SWITCHYARD_SESSION_TTL: '31d' })).toMatch(/^SWITCHYARD_SESSION_TTL must be between/);
});

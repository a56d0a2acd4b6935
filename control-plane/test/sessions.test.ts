import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseEnv, type ControlPlaneConfig } from '../src/config/env';
import { dataSourceOptions } from '../src/database/data-source-options';
import { SessionKeyService } from '../src/identity/session-key.service';
import { SessionsService } from '../src/identity/sessions.service';
import { UserEntity } from '../src/users/user.entity';
import { createTestDatabase, sql } from './support/infra';
import { testPlaneEnv } from './support/plane';

describe('SessionsService', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let config: ControlPlaneConfig;
  let user: UserEntity;

  /** A service as one control-plane replica would build it. */
  const replica = (overrides: Partial<ControlPlaneConfig> = {}) => {
    const c = { ...config, ...overrides };
    return new SessionsService(c, dataSource, new SessionKeyService(c, dataSource));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    config = parseEnv(testPlaneEnv(db.url, 'unused'));
    dataSource = new DataSource(dataSourceOptions(db.url));
    await dataSource.initialize();
    user = await dataSource.manager.save(
      dataSource.manager.create(UserEntity, { id: randomUUID(), email: 'ada@example.com' }),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('issues a JWT that verifies on another replica through the key kept in the database', async () => {
    const { token, expiresAt } = await replica().issue(user, 'password');
    expect(token.split('.')).toHaveLength(3);
    const ttl = expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(11 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(12 * 3600_000);

    const live = await replica().verify(token);
    expect(live?.user.id).toBe(user.id);
    expect(live?.session.method).toBe('password');
    const rows = await sql(db.url, `SELECT name, sealed_value FROM installation_secrets`);
    expect(rows).toHaveLength(1);
    const [{ last_login_at }] = await sql<{ last_login_at: Date | null }>(
      db.url,
      `SELECT last_login_at FROM users WHERE id = $1`,
      [user.id],
    );
    expect(last_login_at).not.toBeNull();
  });

  it('refuses tampered tokens, tokens signed with another key, and garbage', async () => {
    const { token } = await replica().issue(user, 'oidc');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    expect(await replica().verify(`${header}.${forged}.${signature}`)).toBeNull();
    const other = replica({ sessionSecret: Buffer.from('x'.repeat(40)) });
    expect(await other.verify(token)).toBeNull();
    expect(await replica().verify('not-a-jwt')).toBeNull();
    // With SWITCHYARD_SESSION_SECRET set, both sides use it.
    const own = await other.issue(user, 'password');
    expect((await other.verify(own.token))?.session.method).toBe('password');
    expect(await replica().verify(own.token)).toBeNull();
  });

  it('stops a revoked session, an expired row, all sessions of a user but one, and a deactivated user', async () => {
    const service = replica();
    const a = await service.issue(user, 'password');
    const b = await service.issue(user, 'password');
    const c = await service.issue(user, 'password');
    const idOf = async (t: string) => (await service.verify(t))!.session.id;

    await service.revoke(await idOf(a.token));
    expect(await service.verify(a.token)).toBeNull();
    expect(await service.verify(b.token)).not.toBeNull();

    await service.revokeAllForUser(user.id, await idOf(c.token));
    expect(await service.verify(b.token)).toBeNull();
    expect(await service.verify(c.token)).not.toBeNull();

    const idC = await idOf(c.token);
    await sql(db.url, `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [idC]);
    expect(await service.verify(c.token)).toBeNull();

    const d = await service.issue(user, 'password');
    await sql(db.url, `UPDATE users SET active = false WHERE id = $1`, [user.id]);
    expect(await service.verify(d.token)).toBeNull();
    await expect(service.issue({ ...user, active: false }, 'password')).rejects.toThrow(/deactivated/);
    await sql(db.url, `UPDATE users SET active = true WHERE id = $1`, [user.id]);
  });
});

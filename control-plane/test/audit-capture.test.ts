import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { buildSchema, type GraphQLResolveInfo } from 'graphql';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { startControlPlane, type ControlPlane } from '../src';
import { AuditCaptureSubscriber } from '../src/audit/audit-capture.subscriber';
import { newAuditContext } from '../src/audit/audit-context';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { AUDIT_EXCLUDED_TABLES, AUDIT_TRIGGER } from '../src/audit/audit-triggers';
import { AuthException, AuthExceptionCode } from '../src/auth/auth.exception';
import { Role, type Principal } from '../src/auth/principal';
import { dataSourceOptions } from '../src/database/data-source-options';
import { GraphqlExceptionFilter } from '../src/errors/graphql-exception.filter';
import { createTestDatabase, deleteBucket, eventually, randomSuffix, sql } from './support/infra';
import { auditApi } from './support/audit';
import { startTestPlane, testPlaneEnv, type TestPlane } from './support/plane';

// How changes are captured (triggers, transactions, guard refusals), the start-up apply, retention.

let t: TestPlane;
let auditLog: ReturnType<typeof auditApi>['auditLog'];
let latest: ReturnType<typeof auditApi>['latest'];
let createWorkspace: ReturnType<typeof auditApi>['createWorkspace'];

beforeAll(async () => {
  t = await startTestPlane();
  ({ auditLog, latest, createWorkspace } = auditApi(t));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('capture', () => {
  it('has the audit trigger on every table that is not excluded with a reason', async () => {
    const rows = await sql<{ table: string; audited: boolean }>(
      t.databaseUrl,
      `SELECT c.relname::text AS table,
              EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = $1) AS audited
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'`,
      [AUDIT_TRIGGER],
    );
    const unaudited = rows.filter((r) => !r.audited).map((r) => r.table);
    expect(unaudited.sort()).toEqual(Object.keys(AUDIT_EXCLUDED_TABLES).sort());
    expect(rows.filter((r) => r.audited).map((r) => r.table)).toEqual(
      expect.arrayContaining([
        'workspaces',
        'routes',
        'route_targets',
        'virtual_keys',
        'guardrail_attachments',
      ]),
    );
  });

  it('records a mutation the auth guard refused, naming the caller', async () => {
    // Only the admin token exists today, and the guard lets it do everything: drive the
    // exception filter the way Nest does when the guard throws for another principal.
    const dataSource = new DataSource({ ...dataSourceOptions(t.databaseUrl), migrationsRun: false });
    await dataSource.initialize();
    try {
      const logger = pino({ level: 'silent' });
      const filter = new GraphqlExceptionFilter(
        new HttpAdapterHost(),
        logger,
        new AuditRecorder(dataSource, new AuditCaptureSubscriber(dataSource), logger),
      );
      const schema = buildSchema('type Query { x: Int } type Mutation { deleteRoute(input: String): Int }');
      const info = {
        fieldName: 'deleteRoute',
        parentType: schema.getMutationType(),
        returnType: schema.getMutationType()?.getFields().deleteRoute.type,
        schema,
      } as unknown as GraphQLResolveInfo;
      const viewer: Principal = {
        kind: 'user',
        id: 'a-viewer',
        installationAdmin: false,
        workspaceRoles: new Map([['w-1', Role.Viewer]]),
        userId: 'a-viewer',
        label: 'viewer@example.com',
        sessionId: null,
      };
      const req = { principal: viewer, headers: { 'user-agent': 'guard-test' }, ip: '10.0.0.9' };
      const host = new ExecutionContextHost([{}, { input: { id: 'r-1' } }, { req }, info]);
      host.setType('graphql');
      const refusal = new AuthException(
        'Your role does not allow this operation',
        AuthExceptionCode.FORBIDDEN,
      );
      const error = await filter.catch(refusal, host);
      expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(await latest('deleteRoute')).toMatchObject({
        actorId: 'a-viewer',
        outcome: 'AUTH_FORBIDDEN',
        targetId: 'r-1',
        clientIp: '10.0.0.9',
        userAgent: 'guard-test',
        changes: [],
      });
    } finally {
      await dataSource.destroy();
    }
  });

  it('gathers a mutation of several transactions and raw SQL into one entry; a rollback leaves nothing', async () => {
    const ws = await createWorkspace('multi-tx');
    const dataSource = new DataSource({ ...dataSourceOptions(t.databaseUrl), migrationsRun: false });
    await dataSource.initialize();
    try {
      const logger = pino({ level: 'silent' });
      const recorder = new AuditRecorder(dataSource, new AuditCaptureSubscriber(dataSource), logger);
      const context = (action: string) =>
        newAuditContext({
          actor: { kind: 'admin-token', id: 'multi', label: null },
          action,
          args: { input: { id: ws } },
          resultType: 'Workspace',
          summarize: false,
          request: { requestId: null, clientIp: null, userAgent: null },
        });
      const rename = (name: string) =>
        dataSource.transaction((m) => m.query(`UPDATE workspaces SET name = $2 WHERE id = $1`, [ws, name]));

      await recorder.run(context('twoTransactions'), async () => {
        await rename('first');
        await dataSource
          .transaction(async (m) => {
            await m.query(`UPDATE workspaces SET name = 'rolled back' WHERE id = $1`, [ws]);
            throw new Error('undo');
          })
          .catch(() => undefined);
        await rename('second');
      });
      expect((await auditLog({ action: 'twoTransactions' })).nodes).toHaveLength(1);
      const two = await latest('twoTransactions');
      expect(two).toMatchObject({ outcome: 'success', targetType: 'Workspace', targetId: ws });
      expect(two.before).toMatchObject({ name: 'Workspace multi-tx' });
      expect(two.after).toMatchObject({ name: 'second' });
      expect(two.changes).toHaveLength(1);

      // Committed, then failed: the entry keeps what committed and takes the error as outcome.
      await expect(
        recorder.run(context('failsAfterCommit'), async () => {
          await rename('third');
          throw new AuthException('late refusal', AuthExceptionCode.FORBIDDEN);
        }),
      ).rejects.toThrow('late refusal');
      const failed = await latest('failsAfterCommit');
      expect(failed).toMatchObject({ outcome: 'AUTH_FORBIDDEN', errorMessage: 'late refusal' });
      expect(failed.after).toMatchObject({ name: 'third' });
    } finally {
      await dataSource.destroy();
    }
  });

  it('ignores writes made outside a mutation', async () => {
    const count = async () =>
      Number((await sql<{ n: string }>(t.databaseUrl, `SELECT count(*) AS n FROM audit_log`))[0].n);
    const before = await count();
    await sql(t.databaseUrl, `UPDATE workspaces SET name = name || '!' WHERE slug = 'paging'`);
    expect(await count()).toBe(before);
  });
});

describe('start-up config and retention', () => {
  it('records the start-up apply as the system, and deletes entries past SWITCHYARD_AUDIT_RETENTION_DAYS', async () => {
    const db = await createTestDatabase();
    const bucket = `sy-cp-${randomSuffix()}`;
    const dir = mkdtempSync(join(tmpdir(), 'sy-audit-'));
    const file = join(dir, 'switchyard.yaml');
    const secret = 'sk-audit-startup-secret-0012';
    writeFileSync(
      file,
      [
        'workspaces:',
        '  - slug: boot',
        '    name: Boot',
        '    providers:',
        '      - { name: p, kind: openai, baseUrl: "http://127.0.0.1:9001/v1", apiKey: ' + secret + ' }',
        '',
      ].join('\n'),
    );
    const env = testPlaneEnv(db.url, bucket);
    let plane: ControlPlane | null = null;
    try {
      plane = await startControlPlane({ ...env, SWITCHYARD_CONFIG: file });
      const entries = await sql<{
        actor_kind: string;
        actor_id: string;
        action: string;
        outcome: string;
        row: string;
      }>(
        db.url,
        `SELECT actor_kind, actor_id, action, outcome, row_to_json(a)::text AS row FROM audit_log a`,
      );
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor_kind: 'system',
        actor_id: 'startup-config',
        action: 'applyConfig',
        outcome: 'success',
      });
      expect(entries[0].row).toContain('"ProviderAccount"');
      expect(entries[0].row.includes(secret)).toBe(false);
      await plane.close();
      plane = null;

      await sql(
        db.url,
        `INSERT INTO audit_log (occurred_at, actor_kind, actor_id, action, outcome) VALUES
           (now() - interval '40 days', 'admin-token', 'old', 'createWorkspace', 'success'),
           (now() - interval '10 days', 'admin-token', 'recent', 'createWorkspace', 'success')`,
      );
      plane = await startControlPlane({ ...env, SWITCHYARD_AUDIT_RETENTION_DAYS: '30' });
      const left = await eventually(
        async () => {
          const rows = await sql<{ actor_id: string }>(db.url, `SELECT actor_id FROM audit_log ORDER BY id`);
          const actors = rows.map((r) => r.actor_id);
          return actors.includes('old') ? undefined : actors;
        },
        30_000,
        'the expired entry to be deleted',
      );
      expect(left).toEqual(['startup-config', 'recent']);
    } finally {
      await plane?.close();
      await db.drop();
      await deleteBucket(bucket);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

import { hashKeySecret } from '@switchyard/proto';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { sql } from './support/infra';
import { auditApi, SCENARIO_SECRETS } from './support/audit';
import { auditScenario } from './support/audit-scenario';
import { startTestPlane, type TestPlane } from './support/plane';

// Every mutation of the schema leaves an entry, and no secret any of them carries is stored.

/**
 * Mutations that are not expected to leave an audit entry, each with the reason. Every
 * other mutation of the schema must have a step in `auditScenario()` (support/audit-scenario.ts),
 * so a new mutation fails this test until it is shown to be audited (or listed here).
 */
const NOT_AUDITED: Record<string, string> = {
  login:
    'made without a principal (nobody to attribute it to yet); the session it creates is what later entries name',
};

let t: TestPlane;
let auditLog: ReturnType<typeof auditApi>['auditLog'];

beforeAll(async () => {
  t = await startTestPlane();
  ({ auditLog } = auditApi(t));
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function mutationNames(): Promise<string[]> {
  const data = await t.ok<IntrospectionQuery>(getIntrospectionQuery());
  const fields = buildClientSchema(data).getMutationType()?.getFields() ?? {};
  return Object.keys(fields).sort();
}

describe('every mutation is audited', () => {
  it('calls each mutation of the schema and finds its entry; no secret is in any entry', async () => {
    const ids: Record<string, string> = {};
    const sealed: string[] = [];
    const scenario = auditScenario(t, ids, sealed);
    const covered = new Set([...scenario.map((s) => s.mutation), ...Object.keys(NOT_AUDITED)]);
    const missing = (await mutationNames()).filter((m) => !covered.has(m));
    // A mutation listed here has no step: add one to auditScenario() (or a reason to NOT_AUDITED).
    expect(missing).toEqual([]);

    const mutations = new Set(await mutationNames());
    for (const step of scenario) {
      const before = mutations.has(step.mutation) ? await auditLog({ action: step.mutation }) : null;
      await step.run();
      if (!before) continue;
      const after = await auditLog({ action: step.mutation });
      // Exactly one new entry, a success, by the admin token.
      expect({ mutation: step.mutation, added: after.nodes.length - before.nodes.length }).toEqual({
        mutation: step.mutation,
        added: 1,
      });
      expect(after.nodes[0]).toMatchObject({
        outcome: 'success',
        ...(step.actor?.() ?? { actorKind: 'admin-token', actorId: 'bootstrap-admin' }),
      });
    }

    // No plaintext secret, key hash or sealed credential anywhere in the stored rows.
    const dump = (
      await sql<{ row: string }>(t.databaseUrl, `SELECT row_to_json(a)::text AS row FROM audit_log a`)
    )
      .map((r) => r.row)
      .join('\n');
    expect(sealed.length).toBeGreaterThanOrEqual(4);
    const forbidden = [
      ...Object.values(SCENARIO_SECRETS),
      hashKeySecret(SCENARIO_SECRETS.keySecret),
      hashKeySecret(SCENARIO_SECRETS.applyKeySecret),
      ...sealed,
    ];
    if (ids.apiTokenSecret) forbidden.push(ids.apiTokenSecret, ids.session);
    if (ids.scimSecret) forbidden.push(ids.scimSecret);
    for (const secret of forbidden) expect(dump.includes(secret) ? secret : null).toBeNull();
    // ...while the fields that held them are there, masked.
    for (const masked of ['credentialsSealed', 'keyHash', 'Authorization']) {
      expect({ masked, found: dump.includes(`"${masked}": "***"`) }).toEqual({ masked, found: true });
    }
  }, 120_000);
});

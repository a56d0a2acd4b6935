import { EnvConfigError, parseEnv } from '../config/env';

const base: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://localhost/switchyard',
  NATS_URL: 'nats://127.0.0.1:4222',
  SWITCHYARD_MASTER_KEY: '11'.repeat(32),
  SWITCHYARD_SNAPSHOT_KEY: '22'.repeat(32),
  SWITCHYARD_ADMIN_TOKEN: 'admin-token-0123456789',
  SWITCHYARD_NODE_TOKEN: 'node-token-0123456789',
};

describe('budget variables of the control plane', () => {
  it('defaults and reads them', () => {
    expect(parseEnv(base)).toMatchObject({ budgetBucket: 'switchyard-budgets', budgetPublishMs: 200 });
    expect(
      parseEnv({ ...base, SWITCHYARD_BUDGET_BUCKET: 'my-budgets', SWITCHYARD_BUDGET_PUBLISH_MS: '0' }),
    ).toMatchObject({ budgetBucket: 'my-budgets', budgetPublishMs: 0 });
  });

  it.each([
    ['SWITCHYARD_BUDGET_BUCKET', 'a.b'],
    ['SWITCHYARD_BUDGET_PUBLISH_MS', 'soon'],
    ['SWITCHYARD_BUDGET_PUBLISH_MS', '60001'],
  ])('refuses a bad %s, naming it', (variable, value) => {
    expect(() => parseEnv({ ...base, [variable]: value })).toThrow(EnvConfigError);
    expect(() => parseEnv({ ...base, [variable]: value })).toThrow(new RegExp(`^${variable} `));
  });
});

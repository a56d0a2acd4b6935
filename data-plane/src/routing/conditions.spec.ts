import { compileConditions, type RoutingInput } from './conditions';

function input(over: Partial<RoutingInput> & { meta?: Record<string, unknown> } = {}): RoutingInput {
  const { meta = {}, ...rest } = over;
  return {
    headers: {},
    body: {},
    keyId: 'k1',
    keyName: 'ci',
    workspaceId: 'w1',
    workspaceSlug: 'demo',
    metadata: () => meta,
    ...rest,
  };
}

describe('compileConditions', () => {
  const pick = compileConditions({
    rules: [
      { when: [{ field: 'metadata.tier', op: 'eq', value: 'gold' }], target: 1 },
      { when: [{ field: 'param.max_tokens', op: 'gt', value: 1000 }], target: 2 },
      {
        when: [
          { field: 'header.x-region', op: 'in', value: ['eu', 'ch'] },
          { field: 'key.name', op: 'regex', value: '^batch-' },
        ],
        target: 3,
      },
      { when: [{ field: 'workspace.slug', op: 'neq', value: 'demo' }], target: 4 },
    ],
    defaultTarget: 0,
  });

  it('takes the first rule whose matches all hold, else the default', () => {
    expect(pick(input({ meta: { tier: 'gold' } }))).toBe(1);
    expect(pick(input({ body: { max_tokens: 4000 } }))).toBe(2);
    expect(pick(input({ body: { max_tokens: 10 } }))).toBe(0);
    expect(pick(input({ headers: { 'x-region': 'eu' }, keyName: 'batch-7' }))).toBe(3);
    expect(pick(input({ headers: { 'x-region': 'eu' }, keyName: 'web' }))).toBe(0);
    expect(pick(input({ workspaceSlug: 'other' }))).toBe(4);
    expect(pick(input())).toBe(0);
  });

  it('compares header text with numbers and booleans by value', () => {
    const p = compileConditions({
      rules: [
        { when: [{ field: 'header.x-priority', op: 'gte', value: 5 }], target: 1 },
        { when: [{ field: 'header.x-beta', op: 'eq', value: true }], target: 2 },
        { when: [{ field: 'metadata.user', op: 'exists' }], target: 3 },
      ],
      defaultTarget: 0,
    });
    expect(p(input({ headers: { 'x-priority': '7' } }))).toBe(1);
    expect(p(input({ headers: { 'x-priority': 'high' } }))).toBe(0);
    expect(p(input({ headers: { 'x-beta': 'true' } }))).toBe(2);
    expect(p(input({ meta: { user: 'u1' } }))).toBe(3);
    expect(p(input({ meta: { user: null } }))).toBe(0);
  });
});

import { hashKeySecret, snapshotHash, validateSnapshot, type SnapshotContent } from '../index';

function content(extra: Partial<SnapshotContent>): SnapshotContent {
  return {
    workspaces: [
      { id: 'w1', slug: 'a', name: 'A' },
      { id: 'w2', slug: 'b', name: 'B' },
    ],
    providers: [
      {
        id: 'p1',
        workspaceId: 'w1',
        name: 'x',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:1/v1',
        credentials: null,
      },
    ],
    routes: [
      {
        id: 'r1',
        workspaceId: 'w1',
        alias: 'fast',
        strategy: 'single',
        targets: [{ providerId: 'p1', model: 'm' }],
      },
    ],
    keys: [
      {
        id: 'k1',
        workspaceId: 'w1',
        name: 'ci',
        hash: hashKeySecret('s'),
        expiresAt: null,
        allowedRouteIds: null,
      },
    ],
    ...extra,
  };
}

const validate = (c: SnapshotContent) =>
  validateSnapshot({
    schemaVersion: 1,
    version: 1,
    hash: snapshotHash(c),
    createdAt: '2026-01-01T00:00:00Z',
    content: c,
  });

const policy = {
  id: 'g1',
  workspaceId: 'w1',
  name: 'pii',
  stage: 'both' as const,
  mode: 'sync' as const,
  action: 'redact' as const,
  checks: [{ name: 'pii', type: 'pii', params: { types: ['email'] } }],
};

describe('guardrails in the snapshot', () => {
  it('accepts policies attached to a workspace, a key and a route', () => {
    const result = validate(
      content({
        guardrailPolicies: [policy],
        guardrailAttachments: [
          { policyId: 'g1', workspaceId: 'w1', keyId: null, routeId: null },
          { policyId: 'g1', workspaceId: 'w1', keyId: 'k1', routeId: null },
          { policyId: 'g1', workspaceId: 'w1', keyId: null, routeId: 'r1' },
        ],
      }),
    );
    expect(result).toMatchObject({ ok: true });
  });

  it('rejects bad checks, unresolved or cross-workspace attachments, duplicates', () => {
    const result = validate(
      content({
        guardrailPolicies: [
          { ...policy, checks: [{ name: 'r', type: 'regex_deny', params: { pattern: '[' } }] },
          { ...policy, id: 'g2', workspaceId: 'w2', name: 'other' },
          { ...policy, id: 'g3', workspaceId: 'w1', name: 'pii' },
        ],
        guardrailAttachments: [
          { policyId: 'g1', workspaceId: 'w1', keyId: 'k1', routeId: 'r1' },
          { policyId: 'g2', workspaceId: 'w1', keyId: null, routeId: null },
          { policyId: 'nope', workspaceId: 'w1', keyId: 'k9', routeId: null },
          { policyId: 'g2', workspaceId: 'w2', keyId: null, routeId: 'r1' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    const errors = (result as { errors: string[] }).errors;
    expect(errors).toEqual([
      expect.stringMatching(/^guardrail policy g1 check r: regex_deny: pattern does not compile/),
      'duplicate guardrail policy name w1/pii',
      'guardrail attachment of policy g1 names both a key and a route',
      'guardrail attachment of policy g2 is in another workspace than the policy',
      'guardrail attachment of policy nope names an unknown policy',
      'guardrail attachment of policy nope names unknown key k9',
      'guardrail attachment of policy g2 names unknown route r1',
    ]);
  });

  it('rejects unknown stages and actions by shape', () => {
    const result = validate(content({ guardrailPolicies: [{ ...policy, stage: 'later' as 'input' }] }));
    expect(result.ok).toBe(false);
  });
});

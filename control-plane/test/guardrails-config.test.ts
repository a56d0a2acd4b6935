import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { startGuardrailPlane } from './support/guardrails';
import { publishedSnapshot } from './support/infra';
import { APPLY_CONFIG, type TestPlane } from './support/plane';

// Guardrail policies and their attachments declared in the YAML config (applyConfig).

let t: TestPlane;

beforeAll(async () => {
  ({ t } = await startGuardrailPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('guardrails in YAML (applyConfig)', () => {
  const yaml = (attach: string, pattern = 'secret-\\d+') => `
workspaces:
  - slug: yaml-guard
    name: YAML guard
    providers:
      - { name: p, kind: openai, baseUrl: http://127.0.0.1:9001/v1, apiKey: sk-y }
    routes:
      - alias: fast
        targets: [{ provider: p, model: m }]
    keys:
      - { name: ci, secret: sy-yaml-guard-0123456789abcdef }
    guardrails:
      - name: safety
        stage: both
        action: redact
        checks:
          - type: pii
            params: { types: [email, phone] }
          - { name: codes, type: regex_deny, params: { pattern: '${pattern}' } }
          - { name: injection, type: prompt_injection, action: deny }
        attach: ${attach}
`;
  type Applied = {
    applyConfig: { changes: { kind: string; name: string; action: string }[]; snapshotVersion: number };
  };
  const apply = (text: string) => t.ok<Applied>(APPLY_CONFIG, { input: parseConfigYaml(text, {}) });
  const guardChanges = (r: Applied) =>
    r.applyConfig.changes
      .filter((c) => c.kind.startsWith('guardrail'))
      .map((c) => `${c.kind} ${c.name} ${c.action}`);

  it('creates the policy and its attachments, then changes nothing on a second apply', async () => {
    const first = await apply(yaml('{ workspace: true, keys: [ci], routes: [fast] }'));
    expect(guardChanges(first)).toEqual([
      'guardrail safety created',
      'guardrail-attachment safety/workspace created',
      'guardrail-attachment safety/key:ci created',
      'guardrail-attachment safety/route:fast created',
    ]);
    const snapshot = await publishedSnapshot(t.bucket);
    const policy = snapshot.content.guardrailPolicies!.find((p) => p.name === 'safety')!;
    expect(policy.checks.map((c) => [c.name, c.type, c.action])).toEqual([
      ['pii', 'pii', undefined],
      ['codes', 'regex_deny', undefined],
      ['injection', 'prompt_injection', 'deny'],
    ]);
    expect(snapshot.content.guardrailAttachments!.filter((a) => a.policyId === policy.id)).toHaveLength(3);

    const again = await apply(yaml('{ workspace: true, keys: [ci], routes: [fast] }'));
    expect(again.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);
    expect(guardChanges(again).every((c) => c.endsWith('unchanged'))).toBe(true);
  });

  it('updates checks, detaches what is no longer declared, and refuses bad checks and names', async () => {
    const changed = await apply(yaml('{ routes: [fast] }', 'code-\\d+'));
    expect(guardChanges(changed)).toEqual([
      'guardrail safety updated',
      'guardrail-attachment safety/route:fast unchanged',
      'guardrail-attachment safety/detached updated',
      'guardrail-attachment safety/detached updated',
    ]);
    const bad = await t.gql(APPLY_CONFIG, { input: parseConfigYaml(yaml('{ routes: [fast] }', '('), {}) });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(
      /guardrails\[safety\]: Invalid guardrail checks: check codes: regex_deny/,
    );
    const unknownKey = await t.gql(APPLY_CONFIG, { input: parseConfigYaml(yaml('{ keys: [nobody] }'), {}) });
    expect(unknownKey.errors?.[0].message).toMatch(/attach.keys: no key named "nobody"/);
  });
});

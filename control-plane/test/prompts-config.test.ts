import { parseConfigYaml } from '../src/config-apply/config-file/parse-config-yaml';
import { publishedSnapshot } from './support/infra';
import { APPLY_CONFIG, errorReason, type TestPlane } from './support/plane';
import { startPromptPlane } from './support/prompts';

// Prompt templates declared in the YAML config (applyConfig): versions, labels, refusals.

let t: TestPlane;

beforeAll(async () => {
  ({ t } = await startPromptPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('prompt templates in YAML (applyConfig)', () => {
  type Applied = {
    applyConfig: { changes: { kind: string; name: string; action: string }[]; snapshotVersion: number };
  };
  const apply = (text: string) => t.ok<Applied>(APPLY_CONFIG, { input: parseConfigYaml(text, {}) });
  const changes = (a: Applied, kinds = ['prompt', 'prompt-version', 'prompt-label']) =>
    a.applyConfig.changes.filter((c) => kinds.includes(c.kind)).map((c) => `${c.kind} ${c.name} ${c.action}`);
  const doc = (versions: string) => `
workspaces:
  - slug: prompted
    name: prompted
    prompts:
      - slug: triage
        name: Triage
        versions:
${versions}`;
  const V1 = `
          - model: fast
            messages:
              - { role: system, content: "Sort tickets for {{team}}. Costs $\${amount}." }
              - { role: user, content: "{{ticket}}" }
            params: { temperature: 0, max_tokens: 50 }
            labels: [production]`;
  const V2 = `
          - model: smart
            messages:
              - { role: user, content: "Triage: {{ticket}}" }
            labels: [staging]`;

  it('creates the prompt and its versions, then applying again changes nothing', async () => {
    const first = await apply(doc(V1));
    expect(changes(first)).toEqual([
      'prompt triage created',
      'prompt-version triage@1 created',
      'prompt-label triage:production created',
    ]);
    const second = await apply(doc(V1));
    expect(changes(second)).toEqual([
      'prompt triage unchanged',
      'prompt-version triage@1 unchanged',
      'prompt-label triage:production unchanged',
    ]);
    expect(second.applyConfig.snapshotVersion).toBe(first.applyConfig.snapshotVersion);
    const published = (await publishedSnapshot(t.bucket)).content.prompts!.find((p) => p.slug === 'triage')!;
    expect(published.versions).toEqual([
      {
        version: 1,
        model: 'fast',
        // Template text is taken as written: no ${VAR} expansion.
        messages: [
          { role: 'system', content: 'Sort tickets for {{team}}. Costs $${amount}.' },
          { role: 'user', content: '{{ticket}}' },
        ],
        params: { temperature: 0, max_tokens: 50 },
        variables: ['team', 'ticket'],
      },
    ]);
  });

  it('adds a declared version once, moves labels, and leaves undeclared labels alone', async () => {
    const added = await apply(doc(V1 + V2));
    expect(changes(added)).toEqual([
      'prompt triage unchanged',
      'prompt-version triage@1 unchanged',
      'prompt-version triage@2 created',
      'prompt-label triage:production unchanged',
      'prompt-label triage:staging created',
    ]);
    expect(changes(await apply(doc(V1 + V2)), ['prompt-version'])).toEqual([
      'prompt-version triage@1 unchanged',
      'prompt-version triage@2 unchanged',
    ]);
    // production moves to version 2; staging, no longer declared, stays where it was.
    const moved = await apply(
      doc(`
          - model: fast
            messages:
              - { role: system, content: "Sort tickets for {{team}}. Costs $\${amount}." }
              - { role: user, content: "{{ticket}}" }
            params: { max_tokens: 50, temperature: 0 }
          - model: smart
            messages:
              - { role: user, content: "Triage: {{ticket}}" }
            labels: [production]`),
    );
    expect(changes(moved, ['prompt-version', 'prompt-label'])).toEqual([
      'prompt-version triage@1 unchanged',
      'prompt-version triage@2 unchanged',
      'prompt-label triage:production updated',
    ]);
    const published = (await publishedSnapshot(t.bucket)).content.prompts!.find((p) => p.slug === 'triage')!;
    expect(published.labels).toEqual({ production: 2, staging: 2 });
    expect(published.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('refuses a bad template naming where it is, and applies nothing of that document', async () => {
    const before = (await publishedSnapshot(t.bucket)).version;
    const res = await t.gql(APPLY_CONFIG, {
      input: parseConfigYaml(
        doc(
          V1 +
            `
          - model: fast
            messages:
              - { role: user, content: "{{#open}} never closed" }`,
        ),
        {},
      ),
    });
    expect(errorReason(res)).toBe('BAD_USER_INPUT/PROMPT_INVALID_TEMPLATE');
    expect(res.errors![0].message).toContain(
      'workspaces[prompted].prompts[triage]: versions[1]: Invalid template',
    );
    const repeated = await t.gql(APPLY_CONFIG, {
      input: parseConfigYaml(doc(V1 + V1.replace('production', 'x')), {}),
    });
    expect(errorReason(repeated)).toBe('BAD_USER_INPUT/CONFIG_INVALID');
    expect((await publishedSnapshot(t.bucket)).version).toBe(before);
  });
});

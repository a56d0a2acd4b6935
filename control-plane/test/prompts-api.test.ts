import * as grpc from '@grpc/grpc-js';
import { loadTelemetry, type UsageRecord } from '@switchyard/proto';
import { publishedSnapshot, sql } from './support/infra';
import { errorReason, NODE_TOKEN, type TestPlane } from './support/plane';
import { startPromptPlane } from './support/prompts';

// Prompt templates through the GraphQL API (versions, labels, refusals, workspace scope,
// what is published), and usage records naming a prompt version.

const PROMPT = 'id workspaceId slug name description latestVersion labels { label version updatedBy }';
const VERSION =
  'promptId version model messages { role content } params variables optionalVariables labels served createdBy';
const CREATE = `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { ${PROMPT} versions { ${VERSION} } } }`;
const CREATE_VERSION = `mutation($input: CreatePromptVersionInput!) { createPromptVersion(input: $input) { ${VERSION} } }`;
const SET_LABEL = `mutation($input: SetPromptLabelInput!) { setPromptLabel(input: $input) { ${PROMPT} } }`;
const REMOVE_LABEL = `mutation($input: RemovePromptLabelInput!) { removePromptLabel(input: $input) { ${PROMPT} } }`;
const GET = `query($workspaceId: ID!, $id: ID!) { prompt(workspaceId: $workspaceId, id: $id) { ${PROMPT} versions { ${VERSION} } } }`;
const LIST = `query($workspaceId: ID!) { prompts(workspaceId: $workspaceId) { ${PROMPT} } }`;
const DELETE = `mutation($input: DeletePromptInput!) { deletePrompt(input: $input) { id slug } }`;

interface Version {
  version: number;
  model: string;
  messages: { role: string; content: string }[];
  params: Record<string, unknown>;
  variables: string[];
  optionalVariables: string[];
  labels: string[];
  served: boolean;
  createdBy: string;
}
interface Prompt {
  id: string;
  slug: string;
  name: string;
  latestVersion: number | null;
  labels: { label: string; version: number; updatedBy: string }[];
  versions?: Version[];
}

let t: TestPlane;
let workspaceId: string;
let otherWorkspaceId: string;

const GREETING = [
  { role: 'system', content: 'You answer for {{company}}.{{#vip}} Be extra kind.{{/vip}}' },
  { role: 'user', content: '{{question}}' },
];

beforeAll(async () => {
  ({ t, workspaceId, otherWorkspaceId } = await startPromptPlane());
});

afterAll(async () => {
  await t?.close();
});

describe('prompt templates in GraphQL', () => {
  let prompt: Prompt;

  it('creates a prompt with version 1, detecting its variables, and publishes it', async () => {
    const res = await t.ok<{ createPrompt: Prompt }>(CREATE, {
      input: {
        workspaceId,
        slug: 'support-reply',
        name: 'Support reply',
        description: 'Answers support questions',
        version: { model: 'fast', messages: GREETING, params: { temperature: 0.2 }, labels: ['production'] },
      },
    });
    prompt = res.createPrompt;
    expect(prompt).toMatchObject({ slug: 'support-reply', latestVersion: 1 });
    expect(prompt.labels).toEqual([{ label: 'production', version: 1, updatedBy: 'bootstrap-admin' }]);
    expect(prompt.versions).toEqual([
      {
        promptId: prompt.id,
        version: 1,
        model: 'fast',
        messages: GREETING,
        params: { temperature: 0.2 },
        variables: ['company', 'question'],
        optionalVariables: ['vip'],
        labels: ['production'],
        served: true,
        createdBy: 'bootstrap-admin',
      },
    ]);
    const published = (await publishedSnapshot(t.bucket)).content.prompts;
    expect(published).toEqual([
      {
        id: prompt.id,
        workspaceId,
        slug: 'support-reply',
        name: 'Support reply',
        versions: [
          {
            version: 1,
            model: 'fast',
            messages: GREETING,
            params: { temperature: 0.2 },
            variables: ['company', 'question'],
          },
        ],
        labels: { production: 1 },
      },
    ]);
  });

  it('adds versions with the next number and never changes a stored one', async () => {
    const before = await sql(t.databaseUrl, 'SELECT * FROM prompt_versions WHERE version = 1');
    const v2 = await t.ok<{ createPromptVersion: Version }>(CREATE_VERSION, {
      input: {
        workspaceId,
        promptId: prompt.id,
        model: 'smart',
        messages: [{ role: 'user', content: 'Hi {{name}}, about {{{topic}}}' }],
        labels: ['staging'],
      },
    });
    expect(v2.createPromptVersion).toMatchObject({
      version: 2,
      model: 'smart',
      variables: ['name', 'topic'],
      labels: ['staging'],
      params: {},
    });
    const v3 = await t.ok<{ createPromptVersion: Version }>(CREATE_VERSION, {
      input: { workspaceId, promptId: prompt.id, model: 'fast', messages: [{ role: 'user', content: 'v3' }] },
    });
    expect(v3.createPromptVersion.version).toBe(3);
    expect(await sql(t.databaseUrl, 'SELECT * FROM prompt_versions WHERE version = 1')).toEqual(before);
    const { prompt: got } = await t.ok<{ prompt: Prompt }>(GET, { workspaceId, id: prompt.id });
    expect(got.latestVersion).toBe(3);
    expect(got.versions!.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('moves labels without editing any version, and removes them', async () => {
    const moved = await t.ok<{ setPromptLabel: Prompt }>(SET_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'production', version: 2 },
    });
    expect(moved.setPromptLabel.labels.map((l) => [l.label, l.version])).toEqual([
      ['production', 2],
      ['staging', 2],
    ]);
    let snapshot = await publishedSnapshot(t.bucket);
    expect(snapshot.content.prompts![0].labels).toEqual({ production: 2, staging: 2 });
    expect(snapshot.content.prompts![0].versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(snapshot.content.prompts![0].versions[0].messages).toEqual(GREETING);

    const removed = await t.ok<{ removePromptLabel: Prompt }>(REMOVE_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'staging' },
    });
    expect(removed.removePromptLabel.labels.map((l) => l.label)).toEqual(['production']);
    snapshot = await publishedSnapshot(t.bucket);
    expect(snapshot.content.prompts![0].labels).toEqual({ production: 2 });

    const again = await t.gql(REMOVE_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'staging' },
    });
    expect(errorReason(again)).toBe('NOT_FOUND/PROMPT_LABEL_NOT_FOUND');
    const noVersion = await t.gql(SET_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'production', version: 99 },
    });
    expect(errorReason(noVersion)).toBe('NOT_FOUND/PROMPT_VERSION_NOT_FOUND');
    const reserved = await t.gql(SET_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'latest', version: 1 },
    });
    expect(errorReason(reserved)).toBe('BAD_USER_INPUT/PROMPT_INVALID_LABEL');
    const badName = await t.gql(SET_LABEL, {
      input: { workspaceId, promptId: prompt.id, label: 'Prod Env', version: 1 },
    });
    expect(errorReason(badName)).toBe('BAD_USER_INPUT/PROMPT_INVALID_LABEL');
  });

  it('refuses templates that do not parse, partials, reserved params and unknown routes', async () => {
    const version = (fields: Record<string, unknown>) =>
      t.gql(CREATE_VERSION, {
        input: { workspaceId, promptId: prompt.id, model: 'fast', messages: GREETING, ...fields },
      });
    const unclosed = await version({ messages: [{ role: 'user', content: 'Hi {{#items}}{{name}}' }] });
    expect(errorReason(unclosed)).toBe('BAD_USER_INPUT/PROMPT_INVALID_TEMPLATE');
    expect(unclosed.errors![0].message).toContain('messages[0].content: Unclosed section "items"');
    const tag = await version({
      messages: [
        { role: 'user', content: 'ok' },
        { role: 'user', content: '{{name' },
      ],
    });
    expect(errorReason(tag)).toBe('BAD_USER_INPUT/PROMPT_INVALID_TEMPLATE');
    expect(tag.errors![0].message).toContain('messages[1].content: Unclosed tag');
    expect(errorReason(await version({ messages: [{ role: 'user', content: '{{> footer}}' }] }))).toBe(
      'BAD_USER_INPUT/PROMPT_INVALID_TEMPLATE',
    );
    expect(errorReason(await version({ params: { stream: true } }))).toBe(
      'BAD_USER_INPUT/PROMPT_INVALID_PARAMS',
    );
    expect(errorReason(await version({ params: { messages: [] } }))).toBe(
      'BAD_USER_INPUT/PROMPT_INVALID_PARAMS',
    );
    expect(errorReason(await version({ model: 'nope' }))).toBe('BAD_USER_INPUT/PROMPT_UNKNOWN_ROUTE');
    const huge = await version({
      messages: [
        { role: 'system', content: 'x'.repeat(60_000) },
        { role: 'user', content: 'y'.repeat(60_000) },
      ],
    });
    expect(errorReason(huge)).toBe('BAD_USER_INPUT/PROMPT_INVALID_TEMPLATE');
    expect(huge.errors![0].message).toContain('at most 100000');
    expect(errorReason(await version({ params: { stop: ['a\ud800'] } }))).toBe(
      'BAD_USER_INPUT/PROMPT_INVALID_PARAMS',
    );
    expect(errorReason(await version({ messages: [{ role: 'user', content: '\ud800' }] }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    expect(errorReason(await version({ messages: [{ role: 'user', content: 'a\u0000b' }] }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    expect(errorReason(await version({ params: { stop: ['\u0000'] } }))).toBe(
      'BAD_USER_INPUT/PROMPT_INVALID_PARAMS',
    );
    expect(errorReason(await version({ messages: [{ role: 'tool', content: 'x' }] }))).toBe(
      'BAD_USER_INPUT/INVALID_INPUT',
    );
    const { prompt: got } = await t.ok<{ prompt: Prompt }>(GET, { workspaceId, id: prompt.id });
    expect(got.latestVersion).toBe(3);
  });

  it('updates name and description only', async () => {
    const UPDATE = `mutation($input: UpdatePromptInput!) { updatePrompt(input: $input) { ${PROMPT} } }`;
    const { updatePrompt } = await t.ok<{ updatePrompt: Prompt & { description: string | null } }>(UPDATE, {
      input: { workspaceId, id: prompt.id, name: 'Support answers', description: null },
    });
    expect(updatePrompt).toMatchObject({ slug: 'support-reply', name: 'Support answers', description: null });
    expect((await publishedSnapshot(t.bucket)).content.prompts![0].name).toBe('Support answers');
    const { prompt: got } = await t.ok<{ prompt: Prompt }>(GET, { workspaceId, id: prompt.id });
    expect(got.latestVersion).toBe(3);
  });

  it('refuses taken and id-shaped slugs', async () => {
    const taken = await t.gql(CREATE, { input: { workspaceId, slug: 'support-reply', name: 'Again' } });
    expect(errorReason(taken)).toBe('CONFLICT/PROMPT_SLUG_TAKEN');
    const idShaped = await t.gql(CREATE, {
      input: { workspaceId, slug: '00000000-0000-4000-8000-000000000000', name: 'Id' },
    });
    expect(errorReason(idShaped)).toBe('BAD_USER_INPUT/PROMPT_INVALID_SLUG');
    // The same slug in another workspace is fine.
    await t.ok(CREATE, { input: { workspaceId: otherWorkspaceId, slug: 'support-reply', name: 'Theirs' } });
  });

  it('never reaches a prompt through another workspace', async () => {
    const cross = [
      await t.gql(GET, { workspaceId: otherWorkspaceId, id: prompt.id }),
      await t.gql(CREATE_VERSION, {
        input: { workspaceId: otherWorkspaceId, promptId: prompt.id, model: 'fast', messages: GREETING },
      }),
      await t.gql(SET_LABEL, {
        input: { workspaceId: otherWorkspaceId, promptId: prompt.id, label: 'production', version: 1 },
      }),
      await t.gql(REMOVE_LABEL, {
        input: { workspaceId: otherWorkspaceId, promptId: prompt.id, label: 'production' },
      }),
      await t.gql(DELETE, { input: { workspaceId: otherWorkspaceId, id: prompt.id } }),
    ];
    for (const res of cross) expect(errorReason(res)).toBe('NOT_FOUND/PROMPT_NOT_FOUND');
    const listed = await t.ok<{ prompts: Prompt[] }>(LIST, { workspaceId: otherWorkspaceId });
    expect(listed.prompts.map((p) => p.name)).toEqual(['Theirs']);
    const { prompt: mine } = await t.ok<{ prompt: Prompt }>(GET, { workspaceId, id: prompt.id });
    expect(mine.labels.map((l) => [l.label, l.version])).toEqual([['production', 2]]);
  });

  it('refuses callers without a valid token', async () => {
    const res = await t.gql(LIST, { workspaceId }, 'wrong-token');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves labeled versions and the newest ten; older ones stay in GraphQL', async () => {
    const { createPrompt: p } = await t.ok<{ createPrompt: Prompt }>(CREATE, {
      input: { workspaceId, slug: 'long-history', name: 'Long history' },
    });
    for (let i = 1; i <= 13; i++) {
      await t.ok(CREATE_VERSION, {
        input: {
          workspaceId,
          promptId: p.id,
          model: 'fast',
          messages: [{ role: 'user', content: `draft ${i}` }],
          labels: i === 1 ? ['production'] : [],
        },
      });
    }
    const published = (await publishedSnapshot(t.bucket)).content.prompts!.find((x) => x.id === p.id)!;
    expect(published.versions.map((v) => v.version)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const { prompt: got } = await t.ok<{ prompt: Prompt }>(GET, { workspaceId, id: p.id });
    expect(got.versions!.filter((v) => !v.served).map((v) => v.version)).toEqual([3, 2]);
  });

  it('deletes a prompt with its versions and labels', async () => {
    const { createPrompt: p } = await t.ok<{ createPrompt: Prompt }>(CREATE, {
      input: {
        workspaceId,
        slug: 'short-lived',
        name: 'Short lived',
        version: { model: 'fast', messages: GREETING, labels: ['production'] },
      },
    });
    await t.ok(DELETE, { input: { workspaceId, id: p.id } });
    expect(errorReason(await t.gql(GET, { workspaceId, id: p.id }))).toBe('NOT_FOUND/PROMPT_NOT_FOUND');
    expect((await publishedSnapshot(t.bucket)).content.prompts!.some((x) => x.id === p.id)).toBe(false);
    expect(await sql(t.databaseUrl, 'SELECT * FROM prompt_versions WHERE prompt_id = $1', [p.id])).toEqual(
      [],
    );
  });
});

describe('usage of prompt completions', () => {
  it('stores and lists the prompt and version a record names', async () => {
    const { prompts } = await t.ok<{ prompts: Prompt[] }>(LIST, { workspaceId });
    const promptId = prompts.find((p) => p.slug === 'support-reply')!.id;
    const client = new (loadTelemetry().Telemetry)(t.plane.grpcAddress, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${NODE_TOKEN}`);
    const record = (requestId: string, extra: Partial<UsageRecord>): UsageRecord => ({
      requestId,
      workspaceId,
      routeAlias: 'fast',
      endpoint: 'prompts.completions',
      status: 200,
      startedAtMs: Date.UTC(2026, 0, 1, 12),
      nodeId: 'node-1',
      ...extra,
    });
    try {
      await new Promise((resolve, reject) =>
        client.ReportUsage(
          {
            nodeId: 'node-1',
            records: [
              record('req-prompt', { promptId, promptVersion: 2 }),
              record('req-plain', { endpoint: 'chat.completions' }),
            ],
          },
          metadata,
          (err, ack) => (err ? reject(err) : resolve(ack)),
        ),
      );
    } finally {
      client.close();
    }
    const page = await t.ok<{
      usageRecords: { items: { requestId: string; promptId: string | null; promptVersion: number | null }[] };
    }>(`query($w: ID!) { usageRecords(workspaceId: $w) { items { requestId promptId promptVersion } } }`, {
      w: workspaceId,
    });
    expect(page.usageRecords.items.sort((a, b) => a.requestId.localeCompare(b.requestId))).toEqual([
      { requestId: 'req-plain', promptId: null, promptVersion: null },
      { requestId: 'req-prompt', promptId, promptVersion: 2 },
    ]);
  });
});

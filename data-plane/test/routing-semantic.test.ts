import type { SnapshotSemantic } from '@switchyard/proto';
import { startFakeOpenAI, type FakeOpenAI } from '../src/testing';
import { waitFor } from './support/poll';
import { UPSTREAM_API_KEY } from './support/snapshots';
import {
  openAIProvider,
  route,
  startRoutingGateway,
  target,
  type RoutingGateway,
} from './support/routing-gateway';

let g: RoutingGateway;
let embedderPort: number;
let embedder: FakeOpenAI | null = null;

const targets = [
  target('answer-general'),
  target('answer-billing'),
  target('answer-code'),
  target('answer-travel'),
];
const intents = [
  {
    name: 'billing',
    examples: [
      'refund my order',
      'I was charged twice on my credit card',
      'update my credit card',
      'cancel my subscription',
    ],
    target: 1,
  },
  {
    name: 'code',
    examples: ['write a python function', 'fix this typescript error', 'explain this stack trace'],
    target: 2,
  },
  {
    name: 'travel',
    examples: ['book a flight to Paris', 'find a hotel in Rome', 'train tickets to Berlin'],
    target: 3,
  },
];
const semantic = (settings: Partial<SnapshotSemantic>): SnapshotSemantic => ({
  embedder: { providerId: null, model: 'local' },
  threshold: 0.3,
  intents,
  defaultTarget: 0,
  onEmbedError: 'default',
  ...settings,
});
const remote = { providerId: 'p-embed', model: 'text-embedding-3-small' };

async function startEmbedder(): Promise<void> {
  embedder = await startFakeOpenAI({ apiKey: UPSTREAM_API_KEY, port: embedderPort });
}
async function stopEmbedder(): Promise<void> {
  await embedder?.close();
  embedder = null;
}

beforeAll(async () => {
  // The embedder's port is kept, and it starts down: the snapshot arrives while it is.
  await startEmbedder();
  embedderPort = Number(new URL(embedder!.baseUrl).port);
  await stopEmbedder();
  g = await startRoutingGateway(
    [
      route('semantic', 'semantic', targets, { semantic: semantic({}) }),
      route('semantic-no-default', 'semantic', targets, { semantic: semantic({ defaultTarget: null }) }),
      route('semantic-remote', 'semantic', targets, {
        semantic: semantic({ embedder: remote, threshold: 0.6 }),
      }),
      route('semantic-remote-strict', 'semantic', targets, {
        semantic: semantic({ embedder: remote, threshold: 0.6, onEmbedError: 'fail' }),
      }),
    ],
    { providers: [openAIProvider('p-embed', 'embedder', `http://127.0.0.1:${embedderPort}/v1`)] },
  );
});

afterAll(async () => {
  await g?.close();
  await stopEmbedder();
});

describe('semantic routing with the built-in embedder', () => {
  it('sends each utterance to the intent it is closest to, and the rest to the default', async () => {
    const table: [string, string | null][] = [
      ['Can I get a refund for my last order?', 'billing'],
      ['I think I was charged twice this month', 'billing'],
      ['please update the credit card on file', 'billing'],
      ['write a python function that reverses a string', 'code'],
      ['my typescript compiler shows an error', 'code'],
      ['book me a flight to Paris next week', 'travel'],
      ['any hotel in Rome with a view?', 'travel'],
      ['what a lovely sunny afternoon', null],
      ['', null],
    ];
    for (const [utterance, intent] of table) {
      const s = await g.chat('semantic', { content: utterance });
      expect({ utterance, intent: s.intent, target: s.target }).toEqual({
        utterance,
        intent: intent ?? '(default)',
        target: `fake-openai/answer-${intent ?? 'general'}`,
      });
    }
  });

  it('answers 404 no_intent_matched when nothing matches and there is no default', async () => {
    const r = await g.refused('semantic-no-default', { content: 'what a lovely sunny afternoon' });
    expect(r).toMatchObject({ status: 404, code: 'no_intent_matched' });
    expect(r.headers.get('x-switchyard-intent')).toBe(encodeURIComponent('(default)'));
    expect((await g.chat('semantic-no-default', { content: 'refund my order please' })).intent).toBe(
      'billing',
    );
  });
});

describe("semantic routing with a provider's embeddings model", () => {
  it('uses the default, or answers 503 when told to, while the embedder is down', async () => {
    const s = await g.chat('semantic-remote', { content: 'book a flight to Paris' });
    expect(s).toMatchObject({ intent: '(default: embedding failed)', target: 'fake-openai/answer-general' });
    const r = await g.refused('semantic-remote-strict', { content: 'book a flight to Paris' });
    expect(r).toMatchObject({ status: 503, code: 'embedding_failed' });
  });

  it('routes by intent once the embedder is back, without a new snapshot', async () => {
    await startEmbedder();
    const s = await waitFor('the examples to be embedded', async () => {
      const served = await g.chat('semantic-remote', { content: 'find a cheap hotel in Rome' });
      return served.intent === 'travel' ? served : null;
    });
    expect(s.target).toBe('fake-openai/answer-travel');
    // The strict route's build failed a moment after the other's and retries on its own clock.
    await waitFor('the strict route to embed its examples', async () => {
      const served = await g.chat('semantic-remote-strict', { content: 'book a flight to Paris' });
      return served.intent === 'travel';
    });
    const table: [string, string][] = [
      ['please refund my order', 'billing'],
      ['fix this typescript error for me', 'code'],
      ['train tickets to Berlin tomorrow', 'travel'],
      ['nothing in common here at all', '(default)'],
    ];
    for (const [utterance, intent] of table) {
      expect({
        utterance,
        intent: (await g.chat('semantic-remote-strict', { content: utterance })).intent,
      }).toEqual({
        utterance,
        intent,
      });
    }
    // The examples were embedded once per route build; each utterance once.
    const inputs = embedder!.requests.filter((r) => r.path === '/v1/embeddings');
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((r) => (r.body as { model: string }).model === 'text-embedding-3-small')).toBe(true);
  });

  it('falls back to the default (or 503) when the embedder goes down again', async () => {
    await stopEmbedder();
    const s = await g.chat('semantic-remote', { content: 'a question never embedded before' });
    expect(s.intent).toBe('(default: embedding failed)');
    const r = await g.refused('semantic-remote-strict', { content: 'another new question' });
    expect(r).toMatchObject({ status: 503, code: 'embedding_failed' });
  });
});

import { localEmbed } from './local-embedder';
import { SemanticIndex } from './semantic-index';

const embed = async (texts: string[]) => texts.map(localEmbed);

describe('localEmbed', () => {
  it('is deterministic, unit length, and scores overlapping text above unrelated text', () => {
    const a = localEmbed('Where is my refund?');
    expect(localEmbed('Where is my refund?')).toEqual(a);
    expect(a.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 5);
    const near = localEmbed('I want a refund for my order');
    const far = localEmbed('write a python function to sort a list');
    const score = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(score(a, near)).toBeGreaterThan(score(a, far) + 0.1);
  });
});

describe('SemanticIndex', () => {
  const index = new SemanticIndex(
    {
      embedder: { providerId: null, model: 'local' },
      threshold: 0.3,
      intents: [
        {
          name: 'billing',
          examples: ['refund my order', 'I was charged twice', 'update my credit card'],
          target: 1,
        },
        {
          name: 'code',
          examples: ['write a python function', 'fix this typescript error', 'explain this stack trace'],
          target: 2,
        },
        { name: 'strict', examples: ['exact phrase only please'], target: 3, threshold: 0.99 },
      ],
      defaultTarget: 0,
      onEmbedError: 'default',
    },
    embed,
  );

  it('picks the intent with the best example, and the default below every threshold', async () => {
    await index.ready;
    const cases: [string, string | null, number | null][] = [
      ['can I get a refund for my last order?', 'billing', 1],
      ['I think I was charged twice this month', 'billing', 1],
      ['please write a python function that reverses a string', 'code', 2],
      ['my typescript compiler shows an error', 'code', 2],
      ['what a lovely sunny afternoon', null, 0],
      ['exact phrase only', null, 0],
    ];
    for (const [text, intent, target] of cases) {
      const m = index.match(localEmbed(text));
      expect({ text, intent: m.intent, target: m.target }).toEqual({ text, intent, target });
    }
  });

  it('reports an embedder failure through ready', async () => {
    const failing = new SemanticIndex(
      {
        embedder: { providerId: 'p', model: 'm' },
        threshold: 0.5,
        intents: [{ name: 'a', examples: ['x'], target: 0 }],
        defaultTarget: null,
        onEmbedError: 'fail',
      },
      () => Promise.reject(new Error('embeddings upstream down')),
    );
    await expect(failing.ready).rejects.toThrow('embeddings upstream down');
  });

  it('builds again on demand after a failure, but not more than once per retry period', async () => {
    let down = true;
    let calls = 0;
    const index = new SemanticIndex(
      {
        embedder: { providerId: 'p', model: 'm' },
        threshold: 0.5,
        intents: [{ name: 'greeting', examples: ['hello there'], target: 0 }],
        defaultTarget: null,
        onEmbedError: 'fail',
      },
      (texts) => {
        calls++;
        return down ? Promise.reject(new Error('down')) : embed(texts);
      },
    );
    await expect(index.ready).rejects.toThrow('down');
    down = false;
    const failedAt = Date.now();
    await expect(index.ensureReady(failedAt + 10, 1000)).rejects.toThrow('down');
    expect(calls).toBe(1);
    await index.ensureReady(failedAt + 1000, 1000);
    expect(calls).toBe(2);
    expect(index.match(localEmbed('hello there')).intent).toBe('greeting');
    await index.ensureReady(failedAt + 5000, 1000);
    expect(calls).toBe(2);
  });
});

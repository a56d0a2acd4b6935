import { NATIVE_PROVIDER_KINDS, PROVIDER_KINDS } from '../snapshot';
import { MODEL_CATALOG } from './models';

/** Kinds with no public price list of their own: a generic endpoint, a router of other providers, local servers. */
const KINDS_WITHOUT_PUBLIC_MODELS = [
  'openai-compatible',
  'huggingface',
  'ollama',
  'vllm',
  'lmstudio',
  'llama-cpp',
];

describe('the shipped model catalog', () => {
  const { models } = MODEL_CATALOG;

  it('has at least 150 models', () => {
    expect(models.length).toBeGreaterThanOrEqual(150);
  });

  it('has no duplicate kind and model', () => {
    const seen = new Set<string>();
    const duplicates = models
      .map((m) => `${m.kind} ${m.model}`)
      .filter((k) => seen.size === seen.add(k).size);
    expect(duplicates).toEqual([]);
  });

  it('covers every provider kind that has public models, and no unknown kind', () => {
    const kinds = new Set(models.map((m) => m.kind));
    const expected = PROVIDER_KINDS.filter((k) => !KINDS_WITHOUT_PUBLIC_MODELS.includes(k));
    expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
    expect([...kinds].filter((k) => !(PROVIDER_KINDS as readonly string[]).includes(k))).toEqual([]);
    expect(expected).toEqual(
      expect.arrayContaining([...NATIVE_PROVIDER_KINDS].filter((k) => k !== 'openai-compatible')),
    );
  });

  it('prices every model in non-negative integer micro-USD', () => {
    const bad = models.filter(
      (m) =>
        ![m.inputPerMTok, m.outputPerMTok, m.cachedInputPerMTok ?? 0].every(
          (p) => Number.isSafeInteger(p) && p >= 0,
        ),
    );
    expect(bad).toEqual([]);
  });

  it('prices cached input no higher than input', () => {
    expect(models.filter((m) => (m.cachedInputPerMTok ?? 0) > m.inputPerMTok)).toEqual([]);
  });

  it('gives positive integer context windows and output limits', () => {
    const bad = models.filter(
      (m) =>
        !(Number.isInteger(m.contextWindow) && m.contextWindow > 0) ||
        (m.maxOutputTokens !== undefined && !(Number.isInteger(m.maxOutputTokens) && m.maxOutputTokens > 0)),
    );
    expect(bad).toEqual([]);
  });

  it('keeps embeddings free of output prices and chat capabilities', () => {
    const bad = models.filter(
      (m) => m.mode === 'embedding' && (m.outputPerMTok !== 0 || m.tools || m.reasoning || m.jsonMode),
    );
    expect(bad).toEqual([]);
    expect(models.every((m) => m.mode === 'chat' || m.mode === 'embedding')).toBe(true);
  });

  it('dates its prices and names its sources', () => {
    expect(MODEL_CATALOG.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const asOf = new Date(`${MODEL_CATALOG.asOf}T00:00:00Z`);
    expect(asOf.toISOString().slice(0, 10)).toBe(MODEL_CATALOG.asOf);
    expect(asOf.getTime()).toBeLessThanOrEqual(Date.now());
    expect(MODEL_CATALOG.sources.length).toBeGreaterThan(0);
    expect(MODEL_CATALOG.sources.some((s) => s.includes('litellm'))).toBe(true);
  });

  it('names Bedrock and Vertex models as those platforms do', () => {
    const bedrock = models.filter((m) => m.kind === 'bedrock').map((m) => m.model);
    expect(bedrock).toEqual(
      expect.arrayContaining([
        'anthropic.claude-3-5-sonnet-20241022-v2:0',
        'amazon.nova-pro-v1:0',
        'meta.llama3-1-70b-instruct-v1:0',
        'cohere.command-r-plus-v1:0',
        'amazon.titan-embed-text-v2:0',
      ]),
    );
    expect(models.filter((m) => m.kind === 'vertex').map((m) => m.model)).toEqual(
      expect.arrayContaining(['gemini-2.5-pro', 'claude-sonnet-4-5@20250929']),
    );
  });
});

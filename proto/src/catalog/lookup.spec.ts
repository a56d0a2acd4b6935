import type { SnapshotModelPrice } from '../snapshot';
import { buildPriceTable } from './price-table';
import { findModel, normalizeModelId } from './lookup';

describe('findModel', () => {
  it('finds an exact kind and model', () => {
    expect(findModel('openai', 'gpt-4o')).toMatchObject({
      kind: 'openai',
      model: 'gpt-4o',
      inputPerMTok: 2_500_000,
    });
    expect(findModel('bedrock', 'amazon.nova-pro-v1:0')?.outputPerMTok).toBe(3_200_000);
  });

  it('resolves a dated id to its undated alias only when there is no exact entry', () => {
    expect(findModel('openai', 'gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    expect(findModel('openai', 'gpt-4o-2024-05-13')).toMatchObject({
      model: 'gpt-4o-2024-05-13',
      inputPerMTok: 5_000_000,
    });
    expect(findModel('openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
  });

  it('resolves an undated alias to the dated entry', () => {
    expect(findModel('anthropic', 'claude-sonnet-4-5')?.model).toBe('claude-sonnet-4-5-20250929');
    expect(findModel('anthropic', 'claude-3-5-haiku-latest')?.model).toBe('claude-3-5-haiku-20241022');
    expect(findModel('vertex', 'claude-sonnet-4-5')?.model).toBe('claude-sonnet-4-5@20250929');
    expect(findModel('vertex', 'gemini-2.0-flash')?.model).toBe('gemini-2.0-flash-001');
    expect(findModel('gemini', 'gemini-2.0-flash-001')?.model).toBe('gemini-2.0-flash');
    expect(findModel('mistral', 'mistral-small-2501')?.model).toBe('mistral-small-2503');
  });

  it('prices a Bedrock cross-region inference profile as the in-region model', () => {
    expect(findModel('bedrock', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0')?.model).toBe(
      'anthropic.claude-3-5-sonnet-20241022-v2:0',
    );
  });

  it('looks across the catalog for OpenAI-compatible kinds only', () => {
    expect(findModel('openai-compatible', 'gpt-4o')?.kind).toBe('openai');
    expect(findModel('ollama', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(findModel('groq', 'llama-3.3-70b-versatile')?.kind).toBe('groq');
    expect(findModel('anthropic', 'gpt-4o')).toBeNull();
  });

  it('answers null for unknown models and kinds', () => {
    expect(findModel('openai', 'no-such-model')).toBeNull();
    expect(findModel('no-such-kind', 'gpt-4o')).toBeNull();
    expect(findModel('ollama', 'llama3.1:8b')).toBeNull();
  });

  it('normalizes only trailing stamps', () => {
    expect(normalizeModelId('command-r-plus-08-2024')).toBe('command-r-plus');
    expect(normalizeModelId('mistral-large-latest')).toBe('mistral-large');
    expect(normalizeModelId('claude-opus-4-1@20250805')).toBe('claude-opus-4-1');
    expect(normalizeModelId('gpt-4.1')).toBe('gpt-4.1');
    expect(normalizeModelId('anthropic.claude-opus-4-20250514-v1:0')).toBe(
      'anthropic.claude-opus-4-20250514-v1:0',
    );
  });
});

describe('buildPriceTable', () => {
  const override = (o: Partial<SnapshotModelPrice>): SnapshotModelPrice => ({
    workspaceId: 'ws-1',
    providerKind: 'openai',
    model: 'gpt-4o',
    inputPerMTok: 1_000_000,
    outputPerMTok: 4_000_000,
    ...o,
  });

  it('serves catalog prices without overrides', () => {
    const table = buildPriceTable([]);
    expect(table.price('ws-1', 'openai', 'gpt-4o')).toEqual({
      inputPerMTok: 2_500_000,
      outputPerMTok: 10_000_000,
      cachedInputPerMTok: 1_250_000,
      contextWindow: 128_000,
      source: 'catalog',
    });
    expect(table.price('ws-1', 'openai', 'gpt-4o')).toBe(table.price('ws-2', 'openai', 'gpt-4o'));
  });

  it("lets a workspace's override win, for that workspace only", () => {
    const table = buildPriceTable([override({ cachedInputPerMTok: 100_000, contextWindow: 64_000 })]);
    expect(table.price('ws-1', 'openai', 'gpt-4o')).toEqual({
      inputPerMTok: 1_000_000,
      outputPerMTok: 4_000_000,
      cachedInputPerMTok: 100_000,
      contextWindow: 64_000,
      source: 'override',
    });
    expect(table.price('ws-2', 'openai', 'gpt-4o')?.source).toBe('catalog');
    expect(table.price('ws-1', 'azure-openai', 'gpt-4o')?.source).toBe('catalog');
  });

  it('applies an override of an undated id to its dated ids, but not over an exact catalog row', () => {
    const table = buildPriceTable([override({})]);
    expect(table.price('ws-1', 'openai', 'gpt-4o-2024-08-06')?.source).toBe('override');
    expect(table.price('ws-1', 'openai', 'gpt-4o-2024-05-13')).toMatchObject({
      source: 'catalog',
      inputPerMTok: 5_000_000,
    });
  });

  it('prices models the catalog does not know only by override', () => {
    const table = buildPriceTable([
      override({ providerKind: 'vllm', model: 'my-finetune', cachedInputPerMTok: undefined }),
    ]);
    expect(table.price('ws-1', 'vllm', 'my-finetune')).toMatchObject({
      source: 'override',
      cachedInputPerMTok: null,
      contextWindow: null,
    });
    expect(table.price('ws-1', 'vllm', 'other')).toBeNull();
    expect(table.price('ws-1', 'openai', 'no-such-model')).toBeNull();
  });
});

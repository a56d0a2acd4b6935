import type { UsageRecord__Output } from '@switchyard/proto';
import { normalizeUsageRecord, type UsageRow } from './usage-record.normalize';

function record(overrides: Partial<UsageRecord__Output> = {}): UsageRecord__Output {
  return {
    requestId: 'req-1',
    workspaceId: '2b1f0c1e-3c43-4a39-9d2c-2f3b7a1b9c10',
    keyId: '',
    routeId: 'not-a-uuid',
    routeAlias: 'fast',
    providerId: '',
    model: 'gpt-4o-mini',
    endpoint: 'chat.completions',
    stream: false,
    inputTokens: 10,
    outputTokens: 5,
    costMicroUsd: 42,
    latencyMs: 120,
    ttftMs: 0,
    status: 200,
    errorCode: '',
    errorMessage: '',
    startedAtMs: Date.UTC(2026, 0, 1),
    nodeId: '',
    tokensEstimated: false,
    parentRequestId: '',
    attempts: 1,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    cacheStatus: '',
    requestBytes: 0,
    responseBytes: 0,
    guardrailVerdicts: [],
    promptId: '',
    promptVersion: 0,
    metadata: {},
    budgetSeq: 0,
    requestPayload: '',
    responsePayload: '',
    ...overrides,
  };
}

const now = new Date('2026-02-01T00:00:00Z');

describe('normalizeUsageRecord', () => {
  it('keeps guardrail verdicts as bounded JSON, null when there are none', () => {
    const verdict = {
      policy: 'pii',
      check: 'email',
      stage: 'input',
      verdict: 'redact',
      detail: 'x'.repeat(5000),
    };
    const row = normalizeUsageRecord(record({ guardrailVerdicts: [verdict] }), 'n', now) as UsageRow;
    expect(JSON.parse(row.guardrailVerdicts!)).toEqual([{ ...verdict, detail: 'x'.repeat(1000) }]);
    expect((normalizeUsageRecord(record(), 'n', now) as UsageRow).guardrailVerdicts).toBeNull();
  });

  it('keeps the prompt and version served, null when none', () => {
    const promptId = '7d0c1f7e-1c43-4a39-9d2c-2f3b7a1b9c11';
    const row = normalizeUsageRecord(record({ promptId, promptVersion: 3 }), 'n', now) as UsageRow;
    expect(row).toMatchObject({ promptId, promptVersion: 3 });
    expect(normalizeUsageRecord(record(), 'n', now)).toMatchObject({ promptId: null, promptVersion: null });
  });

  it('keeps a record whose references are missing or malformed, as nulls', () => {
    const row = normalizeUsageRecord(record(), 'node-a', now) as UsageRow;
    expect(row).toMatchObject({
      requestId: 'req-1',
      workspaceId: '2b1f0c1e-3c43-4a39-9d2c-2f3b7a1b9c10',
      keyId: null,
      routeId: null,
      providerId: null,
      ttftMs: null,
      errorCode: null,
      nodeId: 'node-a',
      startedAt: new Date(Date.UTC(2026, 0, 1)),
    });
  });

  it('rejects a record without a request id', () => {
    expect(normalizeUsageRecord(record({ requestId: '  ' }), 'n', now)).toEqual({
      rejected: 'missing request_id',
    });
  });

  it('clamps numbers and falls back to the receive time without a start time', () => {
    const row = normalizeUsageRecord(
      record({ inputTokens: -5, latencyMs: 2 ** 40, startedAtMs: 0 }),
      'n',
      now,
    ) as UsageRow;
    expect(row.inputTokens).toBe(0);
    expect(row.latencyMs).toBe(2 ** 31 - 1);
    expect(row.startedAt).toBe(now);
  });
});

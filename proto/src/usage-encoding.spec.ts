import fc from 'fast-check';
import { loadTelemetry, telemetryDefinition } from './telemetry';
import { decodeUsageBatch as decode, encodeUsageBatch, encodeUsageRecord } from './usage-encoding';
import type { UsageRecord } from './generated/switchyard/v1/UsageRecord';

/** What protobufjs itself makes of a record (every field present, defaults filled in). */
function reference(record: UsageRecord): unknown {
  const method = loadTelemetry().Telemetry.service.ReportUsage;
  return decode(method.requestSerialize({ nodeId: 'n', records: [record] })).records[0];
}

const int64 = fc.oneof(
  fc.constant(0),
  fc.nat(),
  fc.maxSafeNat(),
  fc.integer({ min: -(2 ** 53) + 1, max: -1 }),
);
const uint32 = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
const text = fc.oneof(fc.constant(''), fc.string(), fc.string({ unit: 'grapheme', maxLength: 300 }));
const verdict = fc.record({ policy: text, check: text, stage: text, verdict: text, detail: text });

/** A record with every field of the contract, each at its default or not. */
const record: fc.Arbitrary<UsageRecord> = fc.record({
  requestId: text,
  workspaceId: text,
  keyId: text,
  routeId: text,
  routeAlias: text,
  providerId: text,
  model: text,
  endpoint: text,
  stream: fc.boolean(),
  inputTokens: int64,
  outputTokens: int64,
  costMicroUsd: int64,
  latencyMs: uint32,
  ttftMs: uint32,
  status: uint32,
  errorCode: text,
  errorMessage: fc.oneof(text, fc.string({ minLength: 200, maxLength: 20_000 })),
  startedAtMs: int64,
  nodeId: text,
  tokensEstimated: fc.boolean(),
  parentRequestId: text,
  attempts: uint32,
  cachedInputTokens: int64,
  reasoningTokens: int64,
  cacheStatus: text,
  requestBytes: fc.oneof(fc.constant(0), fc.maxSafeNat()),
  responseBytes: fc.oneof(fc.constant(0), fc.maxSafeNat()),
  guardrailVerdicts: fc.array(verdict, { maxLength: 3 }),
  promptId: text,
  promptVersion: uint32,
  metadata: fc.dictionary(
    text.filter((k) => k !== '__proto__'),
    text,
    { maxKeys: 4 },
  ),
  budgetSeq: fc.oneof(fc.constant(0), fc.maxSafeNat()),
  requestPayload: text,
  responsePayload: text,
});

describe('usage encoding', () => {
  it('encodes any record as protobufjs reads it back, in a batch of any size', () => {
    fc.assert(
      fc.property(text, fc.array(record, { maxLength: 5 }), (nodeId, records) => {
        const batch = decode(encodeUsageBatch(nodeId, records.map(encodeUsageRecord)));
        expect(batch.nodeId).toBe(nodeId);
        expect(batch.records).toEqual(records.map(reference));
      }),
      { numRuns: 300 },
    );
  });

  it('reads int64 fields given as strings or as numbers past 2^53 the way protobufjs does', () => {
    const given = { inputTokens: '9007199254740993', outputTokens: -5, costMicroUsd: 12.9 };
    const [decoded] = decode(encodeUsageBatch('n', [encodeUsageRecord(given)])).records;
    expect(decoded).toEqual(reference(given));
    expect(decoded.outputTokens).toBe(-5);
  });

  it('sends what is not an integer at all as 0 rather than throwing', () => {
    const given = { inputTokens: NaN, outputTokens: Infinity, costMicroUsd: 'lots', latencyMs: 3 };
    const [decoded] = decode(encodeUsageBatch('n', [encodeUsageRecord(given)])).records;
    expect(decoded).toMatchObject({ inputTokens: 0, outputTokens: 0, costMicroUsd: 0, latencyMs: 3 });
  });

  it('leaves fields at their defaults off the wire', () => {
    expect(encodeUsageRecord({ requestId: '', stream: false, inputTokens: 0, metadata: {} })).toHaveLength(0);
    expect(encodeUsageBatch('', [])).toHaveLength(0);
  });

  it('knows every field of UsageRecord in the .proto', () => {
    const definition = telemetryDefinition();
    const fields = (definition['switchyard.v1.UsageRecord'] as { type: { field: { name: string }[] } }).type
      .field;
    // The arbitrary above sets every one of them, so the round trip covers the whole contract.
    const sample = fc.sample(record, 1)[0];
    expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(sample).sort());
  });
});

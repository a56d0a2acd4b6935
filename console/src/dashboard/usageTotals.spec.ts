import type { UsageBucket } from '../usage/types';
import { usageTotals } from './usageTotals';

const bucket = (requests: number, costMicroUsd: string): UsageBucket =>
  ({
    start: '2026-01-01T00:00:00Z',
    group: null,
    requests,
    errors: 1,
    inputTokens: 10,
    outputTokens: 5,
    costMicroUsd,
    latencyP50Ms: null,
    latencyP95Ms: null,
    cacheHits: 0,
    cacheLookups: 0,
  }) as UsageBucket;

describe('usageTotals', () => {
  it('adds the buckets up, cost as an exact integer', () => {
    expect(usageTotals([bucket(2, '9007199254740993'), bucket(3, '7')])).toMatchObject({
      requests: 5,
      errors: 2,
      inputTokens: 20,
      outputTokens: 10,
      costMicroUsd: '9007199254741000',
    });
  });
});

import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { decodeUsageRecords, encodeUsageRecord } from '@switchyard/proto';
import { SpillStore } from './spill-store';

const logger = pino({ level: 'silent' });
const record = (requestId: string): Buffer =>
  encodeUsageRecord({ requestId, workspaceId: 'w1', status: 200 });
const ids = (records: Buffer[]) => decodeUsageRecords(records).map((r) => r.requestId);

describe('SpillStore', () => {
  it('writes segments, hands back the oldest first, and deletes them on request', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sy-spill-')), 'usage');
    const store = new SpillStore(dir, logger);
    await store.init();
    await store.write([record('a'), record('b')]);
    await store.write([record('c')]);
    expect(store.count).toBe(3);

    const oldest = await store.oldest();
    expect(ids(oldest!.records)).toEqual(['a', 'b']);
    await store.remove(oldest!.segment);
    expect(store.count).toBe(1);
    expect(ids((await store.oldest())!.records)).toEqual(['c']);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('keeps every field of a record through the disk', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sy-spill-')), 'usage');
    const store = new SpillStore(dir, logger);
    await store.init();
    const full = {
      requestId: 'r1',
      costMicroUsd: 1234,
      stream: true,
      guardrailVerdicts: [{ policy: 'p', check: 'c', stage: 'input', verdict: 'redact', detail: 'email' }],
      metadata: { team: 'search' },
      budgetSeq: 1_700_000_000_000_001,
    };
    await store.write([encodeUsageRecord(full)]);
    const [back] = decodeUsageRecords((await store.oldest())!.records);
    expect(back).toMatchObject(full);
  });

  it('finds segments of an earlier run and skips a line cut short by a crash', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sy-spill-')), 'usage');
    const before = new SpillStore(dir, logger);
    await before.init();
    await before.write([record('x'), record('y')]);
    appendFileSync(join(dir, readdirSync(dir)[0]), '{"requestId":"tor');

    const after = new SpillStore(dir, logger);
    await after.init();
    expect(after.count).toBe(2);
    expect(ids((await after.oldest())!.records)).toEqual(['x', 'y']);
  });
});

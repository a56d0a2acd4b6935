import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { UsageRecord } from '@switchyard/proto';
import { SpillStore } from './spill-store';

const logger = pino({ level: 'silent' });
const record = (requestId: string): UsageRecord => ({ requestId, workspaceId: 'w1', status: 200 });

describe('SpillStore', () => {
  it('writes segments, hands back the oldest first, and deletes them on request', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sy-spill-')), 'usage');
    const store = new SpillStore(dir, logger);
    await store.init();
    await store.write([record('a'), record('b')]);
    await store.write([record('c')]);
    expect(store.count).toBe(3);

    const oldest = await store.oldest();
    expect(oldest!.records.map((r) => r.requestId)).toEqual(['a', 'b']);
    await store.remove(oldest!.segment);
    expect(store.count).toBe(1);
    expect((await store.oldest())!.records.map((r) => r.requestId)).toEqual(['c']);
    expect(readdirSync(dir)).toHaveLength(1);
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
    expect((await after.oldest())!.records.map((r) => r.requestId)).toEqual(['x', 'y']);
  });
});

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { decodeUsageBatch, type UsageRecord } from '@switchyard/proto';
import { SpillStore } from './spill-store';
import { UsagePipeline, type UsageSender } from './usage-pipeline';

const logger = pino({ level: 'silent' });
const record = (requestId: string): UsageRecord => ({ requestId, workspaceId: 'w1', status: 200 });

/** A control plane that is down (every send fails) until `up` is set. */
class SwitchableSender implements UsageSender {
  up = false;
  readonly received: string[] = [];
  reportUsage(bytes: Buffer): Promise<unknown> {
    if (!this.up) return Promise.reject(new Error('14 UNAVAILABLE: No connection established'));
    const batch = decodeUsageBatch(bytes);
    expect(batch.nodeId).toBe('n1');
    for (const r of batch.records) this.received.push(r.requestId);
    return Promise.resolve({ accepted: batch.records.length, duplicates: 0 });
  }
}

function onDisk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as UsageRecord).requestId!),
  );
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

async function pipeline(memoryLimit: number, flushMs = 1_000_000) {
  const dir = join(mkdtempSync(join(tmpdir(), 'sy-pipeline-')), 'usage');
  const spill = new SpillStore(dir, logger);
  await spill.init();
  const sender = new SwitchableSender();
  const usage = new UsagePipeline({ nodeId: 'n1', memoryLimit, flushMs, spill, sender, logger });
  return { dir, spill, sender, usage };
}

describe('UsagePipeline during an outage', () => {
  it('writes all of memory to disk when a send fails, not only the overflow past the limit', async () => {
    const { dir, usage, sender } = await pipeline(100);
    for (const id of ['a', 'b', 'c']) usage.push(record(id));
    expect(await usage.flushNow()).toBe(false);
    await until(() => usage.queueDepth === 0);
    // Far below the memory limit of 100, yet durable: a crash now loses nothing.
    expect(onDisk(dir).sort()).toEqual(['a', 'b', 'c']);
    expect(usage.spilledCount).toBe(3);

    sender.up = true;
    expect(await usage.flushNow()).toBe(true);
    expect(sender.received).toEqual(['a', 'b', 'c']);
    expect(onDisk(dir)).toEqual([]);
    expect(usage.spilledCount).toBe(0);
  });

  it('keeps records in memory while the control plane answers', async () => {
    const { dir, usage, sender } = await pipeline(100);
    sender.up = true;
    usage.push(record('a'));
    expect(await usage.flushNow()).toBe(true);
    usage.push(record('b'));
    expect(onDisk(dir)).toEqual([]);
    expect(usage.queueDepth).toBe(1);
  });

  it('moves what arrives later to disk on each tick while the outage lasts, and replays it in order', async () => {
    const { dir, usage, sender } = await pipeline(100, 20);
    usage.start();
    usage.push(record('first'));
    await until(() => onDisk(dir).length === 1);
    for (const id of ['x', 'y']) usage.push(record(id));
    await until(() => onDisk(dir).length === 3 && usage.queueDepth === 0);

    sender.up = true;
    await until(() => sender.received.length === 3);
    expect(sender.received).toEqual(['first', 'x', 'y']);
    await until(() => onDisk(dir).length === 0);
    await usage.close(100);
  });

  it('keeps records in memory when the disk fails too, and sends them once the control plane is back', async () => {
    const { usage, sender, spill } = await pipeline(100);
    jest.spyOn(spill, 'write').mockRejectedValue(new Error('ENOSPC: no space left on device'));
    usage.push(record('a'));
    expect(await usage.flushNow()).toBe(false);
    await until(() => usage.queueDepth === 1);
    sender.up = true;
    expect(await usage.flushNow()).toBe(true);
    expect(sender.received).toEqual(['a']);
  });
});

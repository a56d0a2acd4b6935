import { mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeUsageRecords, encodeUsageRecord, type UsageRecord } from '@switchyard/proto';

/** A spilled segment: one file of JSON lines, oldest first by name. */
export interface Segment {
  name: string;
  count: number;
}

// `<epoch ms, 15 digits>-<sequence, 6 digits>-<record count>.jsonl`: names sort oldest first
// and say how many records they hold, so a restart need not read them to count.
const SEGMENT_NAME = /^(\d{15})-(\d{6})-(\d+)\.jsonl$/;

/**
 * Usage records that could not be kept in memory, on local disk until the control plane
 * acknowledges them. Each segment is written whole and fsync'd before it counts as stored,
 * and deleted only after its batch was acknowledged. Records come and go encoded
 * (`encodeUsageRecord`), as the pipeline keeps them; on disk they are JSON, one per line,
 * so an operator can read what waits.
 */
export class SpillStore {
  private segments: Segment[] = [];
  private sequence = 0;
  private spilled = 0;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Finds segments left by an earlier run (they are replayed first). */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => SEGMENT_NAME.test(n)).sort();
    this.segments = names.map((name) => ({ name, count: Number(SEGMENT_NAME.exec(name)![3]) }));
    this.spilled = this.segments.reduce((sum, s) => sum + s.count, 0);
    if (this.spilled > 0)
      this.logger.info({ segments: names.length, records: this.spilled }, 'found spilled usage');
  }

  /** Records waiting on disk. */
  get count(): number {
    return this.spilled;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Writes one segment (append-only file, fsync'd) and registers it once durable. */
  async write(records: Buffer[]): Promise<void> {
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.sequence++ % 1_000_000).padStart(6, '0')}-${records.length}.jsonl`;
    let text = '';
    for (const r of decodeUsageRecords(records)) text += `${JSON.stringify(r)}\n`;
    const file = await open(join(this.dir, name), 'wx', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    this.segments.push({ name, count: records.length });
    this.spilled += records.length;
  }

  /** The oldest segment and its records (lines cut short by a crash are skipped). */
  async oldest(): Promise<{ segment: Segment; records: Buffer[] } | null> {
    const segment = this.segments[0];
    if (!segment) return null;
    const text = await readFile(join(this.dir, segment.name), 'utf8');
    const records: Buffer[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        records.push(encodeUsageRecord(JSON.parse(line) as UsageRecord));
      } catch {
        this.logger.warn({ segment: segment.name }, 'skipping a damaged line in a usage segment');
      }
    }
    return { segment, records };
  }

  /** Deletes a segment whose records were acknowledged. */
  async remove(segment: Segment): Promise<void> {
    await unlink(join(this.dir, segment.name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    const i = this.segments.indexOf(segment);
    if (i !== -1) {
      this.segments.splice(i, 1);
      this.spilled -= segment.count;
    }
  }
}

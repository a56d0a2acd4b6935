import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const FILE = 'snapshot.json';

/** The last good snapshot on local disk, so a node can boot and serve without NATS. */
export class SnapshotFile {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, FILE);
  }

  /** The stored text, or null if there is none. */
  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Replaces the stored text atomically: write a temp file, fsync it, rename it over. */
  async write(text: string): Promise<void> {
    const tmp = `${this.path}.${process.pid}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }
}

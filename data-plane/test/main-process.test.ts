import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayEnv } from './support/gateway-env';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

interface Run {
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => void;
  line: (pattern: RegExp) => Promise<string>;
}

function run(env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env } });
  let out = '';
  let err = '';
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiting]) {
      const line = out.split('\n').find((l) => w.pattern.test(l));
      if (line) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
    line: (pattern) => new Promise((resolve) => waiting.push({ pattern, resolve })),
  };
}

describe('node dist/main.js', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -b data-plane)`);
  });

  it('logs one ready line with its URL, serves, and exits 0 on SIGTERM', async () => {
    const gateway = run(
      gatewayEnv({ LOG_LEVEL: 'info', SWITCHYARD_SNAPSHOT_BUCKET: 'sy-test-never-created' }),
    );
    const ready = JSON.parse(await gateway.line(/"msg":"gateway listening"/)) as { url: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${ready.url}/healthz`)).status).toBe(200);
    gateway.kill('SIGTERM');
    expect(await gateway.exit).toBe(0);
    expect(gateway.stdout().match(/"msg":"gateway listening"/g)).toHaveLength(1);
  });

  it('refuses to start with a wrong variable, naming it', async () => {
    const gateway = run(gatewayEnv({ SWITCHYARD_GATEWAY_PORT: 'eighty' }));
    expect(await gateway.exit).toBe(1);
    expect(gateway.stderr()).toMatch(/SWITCHYARD_GATEWAY_PORT must be an integer/);
    const growing = run(gatewayEnv({ SWITCHYARD_HEAP_GROWING_PERCENT: '-5' }));
    expect(await growing.exit).toBe(1);
    expect(growing.stderr()).toMatch(/SWITCHYARD_HEAP_GROWING_PERCENT must be an integer/);
    const noKey = run({ ...gatewayEnv({}), SWITCHYARD_SNAPSHOT_KEY: '' });
    expect(await noKey.exit).toBe(1);
    expect(noKey.stderr()).toMatch(/SWITCHYARD_SNAPSHOT_KEY is required/);
  });
});

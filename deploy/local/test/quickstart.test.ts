import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { startFakeOpenAI } from '@switchyard/data-plane/testing';
import { freePorts } from './support';

const startScript = join(__dirname, '..', 'dist', 'start.js');
const cli = join(
  dirname(require.resolve('@switchyard/control-plane/package.json')),
  'dist',
  'cli',
  'main.js',
);

/** The README's declarative config, pointed at this test's fake upstream. */
const config = (baseUrl: string) => `workspaces:
  - slug: demo
    name: Demo
    providers:
      - name: local-openai
        kind: openai
        baseUrl: ${baseUrl}
        apiKey: \${OPENAI_API_KEY}
    routes:
      - alias: fast
        targets:
          - provider: local-openai
            model: gpt-4o-mini
    keys:
      - name: ci
        secret: sy-test-0123456789abcdef
`;

describe('pnpm start on a machine with no DATABASE_URL or NATS_URL', () => {
  it('starts embedded Postgres and nats-server, says so, serves the declared config, and stops cleanly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sy-quickstart-'));
    chmodSync(home, 0o755); // as root, embedded Postgres runs as "postgres", which must reach its data dir
    const upstream = await startFakeOpenAI({ apiKey: 'sk-quickstart' });
    const file = join(home, 'switchyard.yaml');
    writeFileSync(file, config(upstream.baseUrl));
    const [gatewayPort, apiPort, grpcPort, pgPort, natsPort] = await freePorts(5);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SWITCHYARD_HOME: home,
      SWITCHYARD_CONFIG: file,
      OPENAI_API_KEY: 'sk-quickstart',
      SWITCHYARD_API_PORT: String(apiPort),
      SWITCHYARD_GRPC_PORT: String(grpcPort),
      SWITCHYARD_GATEWAY_PORT: String(gatewayPort),
      SWITCHYARD_EMBEDDED_PG_PORT: String(pgPort),
      SWITCHYARD_EMBEDDED_NATS_PORT: String(natsPort),
      SWITCHYARD_QUIET: '1',
    };
    const child = spawn(process.execPath, [startScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${output.join('\n')}`)), 60_000);
        const onLine = (line: string) => {
          output.push(line);
          if (line.startsWith('switchyard: ready')) {
            clearTimeout(timer);
            resolve();
          }
        };
        createInterface({ input: child.stdout }).on('line', onLine);
        createInterface({ input: child.stderr }).on('line', onLine);
        void exited.then((code) => reject(new Error(`exited ${code}:\n${output.join('\n')}`)));
      });
      const text = output.join('\n');
      expect(text).toMatch(/DATABASE_URL is unset: started embedded PostgreSQL/);
      expect(text).toMatch(/NATS_URL is unset: started nats-server/);
      expect(text).toContain(`http://127.0.0.1:${gatewayPort}/v1`);

      const client = new OpenAI({
        apiKey: 'sy-test-0123456789abcdef',
        baseURL: `http://127.0.0.1:${gatewayPort}/v1`,
        maxRetries: 0,
      });
      const answer = await client.chat.completions.create({
        model: 'fast',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(answer.object).toBe('chat.completion');

      // `pnpm switchyard apply -f` with the same file changes nothing.
      const secrets = JSON.parse(readFileSync(join(home, 'secrets.json'), 'utf8')) as { adminToken: string };
      const graphqlUrl = /GraphQL admin API\s+(\S+)/.exec(text)![1];
      const apply = spawnSync(process.execPath, [cli, 'apply', '-f', file], {
        env: { ...env, SWITCHYARD_URL: graphqlUrl, SWITCHYARD_ADMIN_TOKEN: secrets.adminToken },
        encoding: 'utf8',
      });
      expect(apply.status).toBe(0);
      expect(apply.stdout).toMatch(/^0 created, 0 updated, 4 unchanged$/m);
    } finally {
      child.kill('SIGINT');
      const code = await exited;
      if (code !== 0) process.stderr.write(output.join('\n'));
      await upstream.close();
      rmSync(home, { recursive: true, force: true });
      expect({ code, output: output.slice(-8) }).toEqual({ code: 0, output: expect.any(Array) });
    }
  });
});

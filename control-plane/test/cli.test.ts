import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './support/infra';
import { ADMIN_TOKEN, startTestPlane, type TestPlane } from './support/plane';
import { BRIEF_YAML } from './support/brief-config';

const ROOT = join(__dirname, '..');
let t: TestPlane;
let dir: string;

beforeAll(async () => {
  t = await startTestPlane();
  dir = mkdtempSync(join(tmpdir(), 'sy-cli-'));
  writeFileSync(join(dir, 'demo.yaml'), BRIEF_YAML);
  writeFileSync(
    join(dir, 'generated.yaml'),
    'workspaces:\n  - slug: gen\n    name: Gen\n    keys:\n      - name: app\n',
  );
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** Runs the CLI from source in a child process. */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['-r', join(__dirname, 'support/swc-register.js'), join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: dir, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

const env = () => ({
  SWITCHYARD_URL: t.plane.graphqlUrl,
  SWITCHYARD_ADMIN_TOKEN: ADMIN_TOKEN,
  OPENAI_API_KEY: 'sk-cli',
});

it("applies the brief's YAML, then reports it unchanged the second time", async () => {
  const first = await cli(['apply', '-f', 'demo.yaml'], env());
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/workspace\s+demo\s+created/);
  expect(first.stdout).toMatch(/provider\s+demo\/local-openai\s+created/);
  expect(first.stdout).toMatch(/route\s+demo\/fast\s+created/);
  expect(first.stdout).toMatch(/key\s+demo\/ci\s+created/);
  expect(first.stdout).toContain('4 created, 0 updated, 0 unchanged');
  expect(first.stdout).not.toContain('sk-cli');
  const version = /snapshot version (\d+)/.exec(first.stdout)?.[1];

  const second = await cli(['apply', '-f', 'demo.yaml'], env());
  expect(second.code).toBe(0);
  expect(second.stdout).toContain('0 created, 0 updated, 4 unchanged');
  expect(second.stdout).toContain(`snapshot version ${version}`);
});

it('names a missing ${VAR} and exits 1 without calling the server', async () => {
  const { OPENAI_API_KEY: _omit, ...withoutKey } = env();
  const run = await cli(['apply', '-f', 'demo.yaml'], withoutKey);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    'demo.yaml: workspaces[0].providers[0].apiKey: environment variable OPENAI_API_KEY is not set',
  );
});

it('prints generated secrets once, and takes --url and --token over the environment', async () => {
  const run = await cli(
    ['apply', '-f', 'generated.yaml', '--url', t.plane.graphqlUrl, '--token', ADMIN_TOKEN],
    {
      SWITCHYARD_URL: 'http://127.0.0.1:1/graphql',
      SWITCHYARD_ADMIN_TOKEN: 'wrong-token-0123456789',
    },
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/shown once/);
  expect(run.stdout).toMatch(/gen\/app\s+sy-[A-Za-z0-9]{32}/);
});

it('prints server errors with their code and exits 1', async () => {
  const run = await cli(['apply', '-f', 'demo.yaml'], {
    ...env(),
    SWITCHYARD_ADMIN_TOKEN: 'wrong-token-0123456789',
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/error \(UNAUTHENTICATED\): Invalid token/);
  const port = await freePort();
  const unreachable = await cli(['apply', '-f', 'demo.yaml'], {
    ...env(),
    SWITCHYARD_URL: `http://127.0.0.1:${port}/graphql`,
  });
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toContain(`cannot reach http://127.0.0.1:${port}/graphql: ECONNREFUSED`);
  const usage = await cli(['apply'], env());
  expect(usage.code).toBe(1);
  expect(usage.stderr).toMatch(/missing -f/);
});

it('create-user makes the first installation admin with the bootstrap token, password from stdin', async () => {
  const run = await cli(
    ['create-user', '--email', 'first@example.com', '--installation-admin', '--password-stdin'],
    env(),
    'a long first password\n',
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/user first@example.com created \(id [0-9a-f-]{36}, installation admin\)/);
  expect(run.stdout).not.toContain('a long first password');
  const login = await t.gql<{ login: { token: string } }>(
    `mutation { login(email: "first@example.com", password: "a long first password") { token } }`,
    {},
    null,
  );
  const me = await t.gql<{ me: { installationAdmin: boolean } }>(
    '{ me { installationAdmin } }',
    {},
    login.data!.login.token,
  );
  expect(me.data?.me.installationAdmin).toBe(true);

  const weak = await cli(['create-user', '--email', 'weak@example.com'], {
    ...env(),
    SWITCHYARD_USER_PASSWORD: 'short',
  });
  expect(weak.code).toBe(1);
  expect(weak.stderr).toContain('error (BAD_USER_INPUT): Password must be at least 12 characters');
  const none = await cli(['create-user', '--email', 'none@example.com'], env());
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/a password is required/);
  const argv = await cli(
    ['create-user', '--email', 'x@example.com', '--password', 'on the command line'],
    env(),
  );
  expect(argv.code).toBe(1);
  expect(argv.stderr).toMatch(/--password is not accepted/);
});

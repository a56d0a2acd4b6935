/**
 * The console in real headless Chromium (Debian's package; nothing is downloaded) against a real
 * platform: a control plane serving console/build, a data-plane node and a fake OpenAI upstream, on a
 * database and NATS bucket of their own. A user signs in, sets a workspace up through the forms,
 * calls the gateway with the key the console showed once, and finds the request in the console.
 *
 * UPDATE_SCREENSHOTS=1 also writes the pages to console/docs/screenshots/. CHROMIUM_PATH overrides
 * /usr/bin/chromium; TEST_POSTGRES_URL and TEST_NATS_URL the servers, as in the end-to-end tests.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFakeOpenAI } from '@switchyard/data-plane/testing';
import {
  createScratchDatabase,
  deleteBucket,
  freePort,
  generateSecrets,
  graphql,
  Platform,
  randomSuffix,
  type GatewayNode,
} from '@switchyard/local';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CONSOLE_BUILD = join(__dirname, '..', 'build');
const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');
const UPSTREAM_KEY = 'sk-upstream-console-secret';

/** Polls `check` until it returns a truthy value; the test's own timeout bounds it. */
async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Undo steps, run newest first in afterAll whether or not setup got to the end. */
const cleanups: (() => Promise<unknown> | unknown)[] = [];

let platform: Platform;
let adminToken: string;
let node: GatewayNode;
let upstreamUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const admin = <T>(query: string, variables?: Record<string, unknown>) =>
  graphql<T>(platform.graphqlUrl, adminToken, query, variables);

async function screenshot(name: string) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** Waits for react-admin's skeletons and progress bars to go, so screenshots show data. */
async function settled() {
  await page.locator('.MuiSkeleton-root, .MuiLinearProgress-root').first().waitFor({ state: 'detached' });
}

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_BUILD, 'index.html')))
    throw new Error(`${CONSOLE_BUILD}/index.html is missing: run \`pnpm build\` before the console test`);

  const db = await createScratchDatabase(POSTGRES_URL, 'sy_console');
  cleanups.push(() => db.drop());
  const bucket = `sy-console-${randomSuffix()}`;
  cleanups.push(() => deleteBucket(NATS_URL, bucket));
  const stateDir = mkdtempSync(join(tmpdir(), 'sy-console-'));
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const upstream = await startFakeOpenAI({ apiKey: UPSTREAM_KEY });
  cleanups.push(() => upstream.close());
  upstreamUrl = upstream.baseUrl;

  const secrets = generateSecrets();
  adminToken = secrets.adminToken;
  platform = new Platform({
    databaseUrl: db.url,
    natsUrl: NATS_URL,
    secrets,
    bucket,
    apiPort: await freePort(),
    grpcPort: await freePort(),
    stateDir,
    consoleDir: CONSOLE_BUILD,
    env: { LOG_LEVEL: 'info', SWITCHYARD_USAGE_FLUSH_MS: '100', SWITCHYARD_HEARTBEAT_MS: '300' },
  });
  cleanups.push(() => platform.stop());
  await platform.startControlPlane();
  node = await platform.startDataPlane('node-console');

  const userDataDir = mkdtempSync(join(tmpdir(), 'sy-chromium-'));
  cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  browser = context.browser()!;
  cleanups.push(() => context.close());
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => console.error('cleanup failed:', error));
  }
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('the console against a running platform', () => {
  it('refuses a wrong admin token on the login page', async () => {
    expect(browser.isConnected()).toBe(true);
    await page.goto(new URL('/', platform.graphqlUrl).toString());
    const token = page.getByLabel('Admin token');
    await token.waitFor();
    await screenshot('login');
    await token.fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The control plane rejected this token').waitFor();
    expect(await token.isVisible()).toBe(true);
  });

  it('sets a workspace up, and shows the request made with the key it created', async () => {
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No workspace selected').waitFor();

    // A workspace; creating it selects it.
    await page.getByRole('button', { name: 'Create a workspace' }).first().click();
    await page.getByLabel('Name').fill('Console test');
    await page.getByLabel('Slug').fill('console-test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Workspace Console test created and selected').waitFor();
    await page.getByTestId('workspace-switcher').getByText('Console test').waitFor();

    // A provider account at the fake upstream, with its API key.
    await page.getByRole('menuitem', { name: 'Provider accounts' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Name').fill('local-openai');
    await page.getByLabel('Base URL').fill(upstreamUrl);
    await page.getByLabel('API key').fill(UPSTREAM_KEY);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'local-openai' }).waitFor();

    // A route to one of its models.
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Alias').fill('fast');
    await page.getByRole('combobox', { name: 'Provider account' }).click();
    await page.getByRole('option', { name: 'local-openai' }).click();
    await page.getByLabel('Upstream model').fill('gpt-4o-mini');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'fast', exact: true }).waitFor();

    // A virtual key, whose secret is shown once and copied from the dialog.
    await page.getByRole('menuitem', { name: 'Virtual keys' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Name').fill('ci');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Virtual key “ci” created' });
    const shown = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
    await dialog.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toBe(shown);
    expect(secret.length).toBeGreaterThan(16);
    await screenshot('key-secret');
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('cell', { name: 'ci', exact: true }).waitFor();
    await settled();
    await screenshot('keys');

    // The node serves the key once it has the snapshot the key went into.
    await eventually(async () => {
      const { latestSnapshot, dataPlaneNodes } = await admin<{
        latestSnapshot: { version: number } | null;
        dataPlaneNodes: { nodeId: string; snapshotVersion: number }[];
      }>('{ latestSnapshot { version } dataPlaneNodes { nodeId snapshotVersion } }');
      const applied = dataPlaneNodes.find((n) => n.nodeId === node.nodeId)?.snapshotVersion ?? 0;
      return latestSnapshot !== null && applied >= latestSnapshot.version;
    }, 'the node to apply the latest snapshot');
    const client = new OpenAI({ apiKey: secret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'hello from the console test' }],
    });
    expect(completion.choices[0].message.content).toEqual(expect.any(String));
    const outputTokens = completion.usage!.completion_tokens;

    // The node flushes usage every 100 ms; the console reads it when a page opens.
    const { workspaces } = await admin<{ workspaces: { id: string; slug: string }[] }>(
      '{ workspaces { id slug } }',
    );
    const workspaceId = workspaces.find((w) => w.slug === 'console-test')!.id;
    await eventually(async () => {
      const { usageRecords } = await admin<{ usageRecords: { total: number } }>(
        'query ($workspaceId: ID!) { usageRecords(workspaceId: $workspaceId) { total } }',
        { workspaceId },
      );
      return usageRecords.total === 1;
    }, 'the request to be recorded');

    await page.getByRole('menuitem', { name: 'Usage' }).click();
    const row = page.getByRole('row').filter({ hasText: 'gpt-4o-mini' });
    await row.getByRole('cell', { name: 'fast', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'ci', exact: true }).waitFor();
    await row
      .getByRole('cell', { name: String(outputTokens), exact: true })
      .first()
      .waitFor();
    await settled();
    await screenshot('usage');

    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    const tokens = completion.usage!.prompt_tokens + outputTokens;
    await dashboardNumber('summary-requests', '1');
    await dashboardNumber('summary-errors', '0');
    await dashboardNumber('summary-tokens', String(tokens));
    await page.getByText('Recent requests').waitFor();
    await page.getByRole('row').filter({ hasText: 'fast' }).first().waitFor();
    await settled();
    await screenshot('dashboard');
  });
});

/** Waits until a dashboard headline number (digits only) reads `expected`: past its skeleton and any refetch. */
async function dashboardNumber(testId: string, expected: string) {
  const exact = new RegExp(`^\\s*${expected}\\s*$`);
  await page.getByTestId(testId).filter({ hasText: exact }).waitFor();
}

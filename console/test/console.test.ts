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
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
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
/** The virtual key the first walk-through created, for the later ones to call the gateway with. */
let keySecret: string;

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
    await nodeUpToDate();
    keySecret = secret;
    const client = new OpenAI({ apiKey: secret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'hello from the console test' }],
    });
    expect(completion.choices[0].message.content).toEqual(expect.any(String));
    const outputTokens = completion.usage!.completion_tokens;

    // The node flushes usage every 100 ms; the console reads it when a page opens.
    await usageRecorded(1);

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

  it('builds a fallback route over a nested route with a retry policy, and a conditional route', async () => {
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Alias' }).fill('resilient');
    await choose('Strategy', 'fallback');
    const targets = page.locator('.ra-input-targets');
    const first = targets.locator('.RaSimpleFormIterator-line').nth(0);
    await first.getByRole('radio', { name: 'Another route' }).check();
    await choose('Route', 'fast', first);
    await targets.getByRole('button', { name: 'Add' }).click();
    const second = targets.locator('.RaSimpleFormIterator-line').nth(1);
    await choose('Provider account', 'local-openai', second);
    await second.getByLabel('Upstream model').fill('gpt-4o');
    await second.getByRole('button', { name: /Retry, timeout, breaker, overrides/ }).click();
    await second.getByLabel('Retry attempts').fill('2');
    await second.getByLabel('Timeout (ms)').fill('20000');
    await second.getByText('retry ×2 · timeout 20000 ms').waitFor();
    await page.getByLabel('Fall back on statuses').fill('429, 503');
    await settled();
    await screenshot('route-editor');
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'resilient' });
    await row.getByText('↪ fast').waitFor();
    await row.getByText('local-openai → gpt-4o (retry 2)').waitFor();

    // The show page spells the route out: targets in order, their policies, the fallback policy.
    await row.getByRole('cell', { name: 'resilient', exact: true }).click();
    await page.getByRole('cell', { name: '↪ fast' }).waitFor();
    await page.getByRole('cell', { name: /^2 attempts, 250–10000 ms/ }).waitFor();
    await page.getByRole('cell', { name: '20000 ms' }).waitFor();
    await page.getByText('Custom: on 429, 503, timeouts, connection errors').waitFor();
    await settled();
    await screenshot('route-show');

    // The edit form reads back what the API stored (defaults filled in): one change, the rest kept.
    await page.getByRole('link', { name: 'Edit' }).click();
    const edited = page.locator('.ra-input-targets .RaSimpleFormIterator-line').nth(1);
    await edited.getByRole('button', { name: /Retry, timeout, breaker, overrides/ }).click();
    await edited.getByLabel('Timeout (ms)').fill('25000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '25000 ms' }).waitFor();
    await page.getByRole('cell', { name: '↪ fast' }).waitFor();
    await page.getByRole('cell', { name: /^2 attempts, 250–10000 ms/ }).waitFor();
    await page.getByText('Custom: on 429, 503, timeouts, connection errors').waitFor();

    // A conditional route: gold-tier requests to gpt-4o, the rest to the `fast` route.
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Alias' }).fill('tiered');
    await choose('Strategy', 'conditional');
    const line = (index: number) => page.locator('.ra-input-targets .RaSimpleFormIterator-line').nth(index);
    await choose('Provider account', 'local-openai', line(0));
    await line(0).getByLabel('Upstream model').fill('gpt-4o');
    await page.locator('.ra-input-targets').getByRole('button', { name: 'Add' }).click();
    await line(1).getByRole('radio', { name: 'Another route' }).check();
    await choose('Route', 'fast', line(1));
    await page.getByRole('textbox', { name: 'Field', exact: true }).fill('metadata.tier');
    await page.getByRole('textbox', { name: 'Value', exact: true }).fill('gold');
    await choose('Then target', '#1 local-openai → gpt-4o');
    await choose('Otherwise (default target)', '#2 ↪ fast');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'tiered' }).getByText('↪ fast').waitFor();
    await settled();
    await screenshot('routes');

    // Both routes serve requests; the fallback route's first target is the nested route.
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: keySecret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'resilient',
      messages: [{ role: 'user', content: 'through a nested route' }],
    });
    await client.chat.completions.create(
      { model: 'tiered', messages: [{ role: 'user', content: 'gold tier' }] },
      { headers: { 'x-switchyard-metadata': JSON.stringify({ tier: 'gold' }) } },
    );
    await usageRecorded(3);
    await page.getByRole('menuitem', { name: 'Usage' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'resilient' })
      .getByRole('cell', { name: 'gpt-4o-mini', exact: true })
      .waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'tiered' })
      .getByRole('cell', { name: 'gpt-4o', exact: true })
      .waitFor();
  });

  it('overrides a model price and finds it in the catalog', async () => {
    await page.getByRole('menuitem', { name: 'Model prices' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await choose('Provider kind', 'OpenAI');
    await page.getByRole('textbox', { name: 'Model', exact: true }).fill('gpt-4o-mini');
    await page.getByRole('spinbutton', { name: 'Input', exact: true }).fill('0.1');
    await page.getByRole('spinbutton', { name: 'Output', exact: true }).fill('0.4');
    await page.getByRole('button', { name: 'Save' }).click();
    const price = page.getByRole('row').filter({ hasText: 'gpt-4o-mini' });
    await price.getByRole('cell', { name: '$0.10', exact: true }).waitFor();
    await price.getByRole('cell', { name: '$0.40', exact: true }).waitFor();
    const { modelPrices } = await admin<{ modelPrices: { inputPerMTok: number; outputPerMTok: number }[] }>(
      `{ modelPrices(workspaceId: "${await workspaceId()}") { inputPerMTok outputPerMTok } }`,
    );
    expect(modelPrices).toEqual([{ inputPerMTok: 100_000, outputPerMTok: 400_000 }]);

    await page.getByRole('link', { name: 'Model catalog' }).click();
    await page.locator('input[name="q"]').fill('gpt-4o-mini');
    const catalogRow = (kind: string) =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: kind, exact: true }) })
        .filter({ has: page.getByRole('cell', { name: 'gpt-4o-mini', exact: true }) });
    const openai = catalogRow('openai');
    await openai.getByText('workspace price').waitFor();
    await openai.getByRole('cell', { name: '$0.10', exact: true }).waitFor();
    // Azure's entry of the same model keeps the catalog price ($0.15 in, $0.60 out).
    const azure = catalogRow('azure-openai');
    await azure.getByRole('cell', { name: '$0.15', exact: true }).waitFor();
    await settled();
    await screenshot('model-catalog');
  });

  it('registers an MCP server and grants a key some of its tools', async () => {
    await page.getByRole('menuitem', { name: 'MCP servers' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Docs');
    await page.getByLabel('Slug').fill('docs');
    await page.getByLabel('Upstream URL').fill('http://127.0.0.1:9/mcp');
    await choose('Authentication', 'Bearer token');
    await page.getByRole('textbox', { name: 'Bearer token' }).fill('mcp-upstream-token');
    await page.getByRole('button', { name: 'Save' }).click();

    // The show page: the credentials' kind, never their value; then access for the key.
    await page.getByText('bearer token', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('mcp-upstream-token');
    await page.getByRole('link', { name: 'Grant a key access' }).click();
    await choose('Virtual key', 'ci');
    await page.getByLabel('Allowed tools').fill('search_*, get_page');
    await page.getByLabel('Denied tools').fill('delete_*');
    await page.getByRole('button', { name: 'Save' }).click();
    const access = page.getByRole('row').filter({ hasText: 'search_*' });
    await access.getByRole('cell', { name: 'ci', exact: true }).waitFor();
    await access.getByText('Docs').waitFor();
    await access.getByText('delete_*').waitFor();
    await settled();
    await screenshot('mcp-access');

    const { mcpAccess } = await admin<{ mcpAccess: { allowTools: string[]; denyTools: string[] }[] }>(
      `{ mcpAccess(workspaceId: "${await workspaceId()}") { allowTools denyTools } }`,
    );
    expect(mcpAccess).toEqual([{ allowTools: ['get_page', 'search_*'], denyTools: ['delete_*'] }]);

    await page.getByRole('menuitem', { name: 'MCP servers' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'docs' })
      .getByText('bearer token', { exact: true })
      .waitFor();
  });
});

/** Waits until the node runs the newest snapshot, so what the console just saved is in force. */
async function nodeUpToDate() {
  await eventually(async () => {
    const { latestSnapshot, dataPlaneNodes } = await admin<{
      latestSnapshot: { version: number } | null;
      dataPlaneNodes: { nodeId: string; snapshotVersion: number }[];
    }>('{ latestSnapshot { version } dataPlaneNodes { nodeId snapshotVersion } }');
    const applied = dataPlaneNodes.find((n) => n.nodeId === node.nodeId)?.snapshotVersion ?? 0;
    return latestSnapshot !== null && applied >= latestSnapshot.version;
  }, 'the node to apply the latest snapshot');
}

/** The node flushes usage every 100 ms; waits until the workspace has `count` records. */
async function workspaceId(): Promise<string> {
  const { workspaces } = await admin<{ workspaces: { id: string; slug: string }[] }>(
    '{ workspaces { id slug } }',
  );
  return workspaces.find((w) => w.slug === 'console-test')!.id;
}

async function usageRecorded(count: number) {
  const id = await workspaceId();
  await eventually(async () => {
    const { usageRecords } = await admin<{ usageRecords: { total: number } }>(
      'query ($workspaceId: ID!) { usageRecords(workspaceId: $workspaceId) { total } }',
      { workspaceId: id },
    );
    return usageRecords.total === count;
  }, `${count} requests to be recorded`);
}

/** Picks `option` in the react-admin select labelled `label`, within `scope` (default: the page). */
async function choose(label: string, option: string | RegExp, scope: Locator = page.locator('body')) {
  // A select's accessible name is its label followed by its current value.
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** Waits until a dashboard headline number (digits only) reads `expected`: past its skeleton and any refetch. */
async function dashboardNumber(testId: string, expected: string) {
  const exact = new RegExp(`^\\s*${expected}\\s*$`);
  await page.getByTestId(testId).filter({ hasText: exact }).waitFor();
}

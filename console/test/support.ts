/**
 * What every console test file shares: a real platform (a control plane serving console/build, a
 * data-plane node and a fake OpenAI upstream, on a database and NATS bucket of their own) and one
 * page of headless Chromium (Debian's package; nothing is downloaded), plus the helpers the tests
 * drive them with.
 *
 * A test file calls `useConsolePlatform()` once at its top. The exported `platform`, `node`,
 * `page`… are live bindings, set by its `beforeAll`; every file has its own module instance, so its
 * own platform and browser.
 *
 * UPDATE_SCREENSHOTS=1 also writes the pages to console/docs/screenshots/. CHROMIUM_PATH overrides
 * /usr/bin/chromium; TEST_POSTGRES_URL and TEST_NATS_URL the servers, as in the end-to-end tests.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export const UPSTREAM_KEY = 'sk-upstream-console-secret';

export let platform: Platform;
export let adminToken: string;
export let node: GatewayNode;
export let upstreamUrl: string;
export let browser: Browser;
export let page: Page;

/** Starts the platform and the browser before the file's tests and stops them after; no page errors. */
export function useConsolePlatform(): void {
  /** Undo steps, run newest first in afterAll whether or not setup got to the end. */
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const pageErrors: string[] = [];

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
    // Started together, as none needs another to be up yet (the node connects when the control
    // plane is): every test file pays for this, so it is worth a few seconds.
    const [context, , gateway] = await Promise.all([
      launchChromium(cleanups),
      platform.startControlPlane(),
      platform.startDataPlane('node-console'),
    ]);
    node = gateway;

    browser = context.browser()!;
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
}

async function launchChromium(cleanups: (() => Promise<unknown> | unknown)[]) {
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
  cleanups.push(() => context.close());
  return context;
}

/** Polls `check` until it returns a truthy value; the test's own timeout bounds it. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const admin = <T>(query: string, variables?: Record<string, unknown>) =>
  graphql<T>(platform.graphqlUrl, adminToken, query, variables);

export async function screenshot(name: string) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** Waits for react-admin's skeletons and progress bars to go, so screenshots show data. */
export async function settled() {
  await page.locator('.MuiSkeleton-root, .MuiLinearProgress-root').first().waitFor({ state: 'detached' });
}

/**
 * The input labelled `label` within `scope` (default: the page): that label exactly, or followed by
 * the " *" of a required input. Not `getByLabel(label)`, which also finds any longer label holding
 * it, e.g. a list's "Sort by name" header while the page behind a form is still loading.
 */
export function field(label: string, scope: Page | Locator = page): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^\\s*${escaped}(\\s*\\*)?\\s*$`));
}

/** Picks `option` in the react-admin select labelled `label`, within `scope` (default: the page). */
export async function choose(label: string, option: string | RegExp, scope: Locator = page.locator('body')) {
  // A select's accessible name is its label followed by its current value.
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** Waits until a dashboard headline number (digits only) reads `expected`: past its skeleton and any refetch. */
export async function dashboardNumber(testId: string, expected: string) {
  const exact = new RegExp(`^\\s*${expected}\\s*$`);
  await page.getByTestId(testId).filter({ hasText: exact }).waitFor();
}

/** Waits until the node runs the newest snapshot, so what the console just saved is in force. */
export async function nodeUpToDate() {
  await eventually(async () => {
    const { latestSnapshot, dataPlaneNodes } = await admin<{
      latestSnapshot: { version: number } | null;
      dataPlaneNodes: { nodeId: string; snapshotVersion: number }[];
    }>('{ latestSnapshot { version } dataPlaneNodes { nodeId snapshotVersion } }');
    const applied = dataPlaneNodes.find((n) => n.nodeId === node.nodeId)?.snapshotVersion ?? 0;
    return latestSnapshot !== null && applied >= latestSnapshot.version;
  }, 'the node to apply the latest snapshot');
}

/** The id of the workspace the tests work in (slug console-test). */
export async function workspaceId(): Promise<string> {
  const { workspaces } = await admin<{ workspaces: { id: string; slug: string }[] }>(
    '{ workspaces { id slug } }',
  );
  return workspaces.find((w) => w.slug === 'console-test')!.id;
}

/** The node flushes usage every 100 ms; waits until the workspace has `count` records. */
export async function usageRecorded(count: number) {
  const id = await workspaceId();
  await eventually(async () => {
    const { usageRecords } = await admin<{ usageRecords: { total: number } }>(
      'query ($workspaceId: ID!) { usageRecords(workspaceId: $workspaceId) { total } }',
      { workspaceId: id },
    );
    return usageRecords.total === count;
  }, `${count} requests to be recorded`);
}

/**
 * Through the API, what the sign-in walk-through (sign-in.test.ts) sets up in the forms:
 * workspace "Console test", provider account `local-openai` at the fake upstream, route `fast` to
 * its gpt-4o-mini and virtual key `ci`, whose secret it returns once the node serves it.
 */
async function setUpWorkspace(): Promise<string> {
  const { createWorkspace: workspace } = await admin<{ createWorkspace: { id: string } }>(
    'mutation { createWorkspace(input: {slug: "console-test", name: "Console test"}) { id } }',
  );
  const { createProviderAccount: provider } = await admin<{ createProviderAccount: { id: string } }>(
    `mutation { createProviderAccount(input: {workspaceId: "${workspace.id}", name: "local-openai",
      kind: "openai", baseUrl: "${upstreamUrl}", apiKey: "${UPSTREAM_KEY}"}) { id } }`,
  );
  await admin(
    `mutation { createRoute(input: {workspaceId: "${workspace.id}", alias: "fast",
      targets: [{providerId: "${provider.id}", model: "gpt-4o-mini"}]}) { id } }`,
  );
  const { createVirtualKey: key } = await admin<{ createVirtualKey: { secret: string } }>(
    `mutation { createVirtualKey(input: {workspaceId: "${workspace.id}", name: "ci"}) { secret } }`,
  );
  await nodeUpToDate();
  return key.secret;
}

/** Signs in with the admin token; with one workspace, the console selects it. */
async function signInWithAdminToken() {
  await page.goto(new URL('/', platform.graphqlUrl).toString());
  await page.getByRole('button', { name: 'Use the admin token instead' }).click();
  await field('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('workspace-switcher').getByText('Console test').waitFor();
}

/** The secret of virtual key `ci`, which gateway calls are made with, once `useSignedInWorkspace` ran. */
export let keySecret = '';

/**
 * For a file that starts past the walk-through (after `useConsolePlatform()`): the workspace set
 * up through the API and the admin signed in before its first test.
 */
export function useSignedInWorkspace(): void {
  beforeAll(async () => {
    keySecret = await setUpWorkspace();
    await signInWithAdminToken();
  });
}

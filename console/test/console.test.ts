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
  it('signs a user in with email and password, and out again, ending the session', async () => {
    expect(browser.isConnected()).toBe(true);
    await admin(
      'mutation { createUser(input: {email: "ada@example.com", password: "console test password"}) { id } }',
    );
    await page.goto(new URL('/', platform.graphqlUrl).toString());
    const email = page.locator('input[name="email"]');
    await email.waitFor();
    await screenshot('login');
    await email.fill('ada@example.com');
    await page.locator('input[name="password"]').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password').waitFor();

    await page.locator('input[name="password"]').fill('console test password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No workspace selected').waitFor();
    const session = await page.evaluate(() => localStorage.getItem('switchyard.token'));
    expect(session).toMatch(/^eyJ/);
    const me = await graphql<{ me: { user: { email: string } } }>(
      platform.graphqlUrl,
      session!,
      '{ me { user { email } } }',
    );
    expect(me.me.user.email).toBe('ada@example.com');

    await page.getByLabel('Profile').click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await email.waitFor();
    await eventually(
      () =>
        graphql(platform.graphqlUrl, session!, '{ me { kind } }').then(
          () => false,
          (error: Error) => error.message.startsWith('UNAUTHENTICATED'),
        ),
      'the session to be revoked',
    );
  });

  it('refuses a wrong admin token on the login page', async () => {
    await page.getByRole('button', { name: 'Use the admin token instead' }).click();
    const token = page.getByLabel('Admin token');
    await token.waitFor();
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
    // The control plane lists the upstream's models with the stored key.
    await page
      .getByRole('row')
      .filter({ hasText: 'local-openai' })
      .getByRole('button', { name: 'Test connection' })
      .click();
    await page
      .getByTestId('connection-test')
      .filter({ hasText: /^Connected: \d+ models listed$/ })
      .waitFor();

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

  it('builds a semantic route with intents and an ensemble route, and caches answers per route and key', async () => {
    const line = (index: number) => page.locator('.ra-input-targets .RaSimpleFormIterator-line').nth(index);
    const providerId = async () => {
      const { providerAccounts } = await admin<{ providerAccounts: { id: string; name: string }[] }>(
        `{ providerAccounts(workspaceId: "${await workspaceId()}") { id name } }`,
      );
      return providerAccounts.find((p) => p.name === 'local-openai')!.id;
    };
    const savedRoute = async (alias: string) => {
      const { routes } = await admin<{ routes: Record<string, unknown>[] }>(
        `{ routes(workspaceId: "${await workspaceId()}") { alias strategy targets { providerId routeId model }
          semantic { threshold defaultTarget onEmbedError intents { name examples target threshold } }
          ensemble { mode minResponses deadlineMs judgePrompt judge { providerId model } }
          cache { mode ttlSeconds threshold embedder { providerId model } } } }`,
      );
      return routes.find((route) => route.alias === alias)!;
    };

    // A semantic route: billing questions to gpt-4o-mini, small talk to the `fast` route.
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Alias' }).fill('intents');
    await choose('Strategy', 'semantic');
    await choose('Provider account', 'local-openai', line(0));
    await line(0).getByLabel('Upstream model').fill('gpt-4o-mini');
    await page.locator('.ra-input-targets').getByRole('button', { name: 'Add' }).click();
    await line(1).getByRole('radio', { name: 'Another route' }).check();
    await choose('Route', 'fast', line(1));
    await page.getByRole('spinbutton', { name: 'Threshold', exact: true }).fill('0.7');
    await choose('When no intent matches', '#2 ↪ fast');
    const intents = page.locator('.ra-input-semantic\\.intents');
    const intent = (index: number) => intents.locator('.RaSimpleFormIterator-line').nth(index);
    await intent(0).getByLabel('Intent').fill('billing');
    await intent(0).getByLabel('Example utterances').fill('Where is my invoice?\nI was charged twice, why?');
    await intents.getByRole('button', { name: 'Add' }).last().click();
    await intent(1).getByLabel('Intent').fill('smalltalk');
    await choose('Target', '#2 ↪ fast', intent(1));
    await intent(1).getByLabel('Own threshold').fill('0.8');
    await intent(1).getByLabel('Example utterances').fill('hello there\nhow are you?');
    // A semantic response cache on the route; an out-of-range lifetime is refused under the field.
    await page.getByRole('button', { name: /Response cache/ }).click();
    await choose('Cache answers', /^semantic/);
    await page.getByLabel('Keep for (seconds)').fill('0');
    await page.getByLabel('Similarity threshold').fill('0.9');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Whole seconds from 1 to 604800 (7 days)').waitFor();
    await page.getByLabel('Keep for (seconds)').fill('3600');
    await settled();
    await screenshot('route-semantic-cache');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'intents' }).getByText('semantic · 1 h').waitFor();
    expect(await savedRoute('intents')).toEqual({
      alias: 'intents',
      strategy: 'semantic',
      targets: [
        { providerId: await providerId(), routeId: null, model: 'gpt-4o-mini' },
        { providerId: null, routeId: expect.any(String), model: '' },
      ],
      semantic: {
        threshold: 0.7,
        defaultTarget: 1,
        onEmbedError: 'default',
        intents: [
          {
            name: 'billing',
            examples: ['Where is my invoice?', 'I was charged twice, why?'],
            target: 0,
            threshold: null,
          },
          { name: 'smalltalk', examples: ['hello there', 'how are you?'], target: 1, threshold: 0.8 },
        ],
      },
      ensemble: null,
      cache: {
        mode: 'semantic',
        ttlSeconds: 3600,
        threshold: 0.9,
        embedder: { providerId: null, model: '' },
      },
    });
    await page.getByRole('row').filter({ hasText: 'intents' }).getByRole('cell', { name: 'intents' }).click();
    await page.getByText('I was charged twice, why?').waitFor();
    await page
      .getByTestId('cache-settings')
      .filter({ hasText: 'semantic · 1 h · similarity ≥ 0.9 · embedder built-in local' })
      .waitFor();

    // An ensemble: two models answer, a judge (another model) merges their answers.
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Alias' }).fill('panel');
    await choose('Strategy', 'ensemble');
    await choose('Provider account', 'local-openai', line(0));
    await line(0).getByLabel('Upstream model').fill('gpt-4o-mini');
    await page.locator('.ra-input-targets').getByRole('button', { name: 'Add' }).click();
    await choose('Provider account', 'local-openai', line(1));
    await line(1).getByLabel('Upstream model').fill('gpt-4o');
    const ensemble = page.locator('.MuiAccordion-root').filter({ hasText: 'Ensemble panel' });
    await choose('Mode', 'synthesize', ensemble);
    await ensemble.getByLabel('Min responses').fill('2');
    await ensemble.getByLabel('Deadline (ms)').fill('15000');
    await choose('Provider account', 'local-openai', ensemble);
    await ensemble.getByLabel('Upstream model').fill('gpt-4o');
    await ensemble.getByLabel('Judge prompt').fill('Merge the answers into one.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'panel' })
      .getByText('local-openai → gpt-4o', { exact: true })
      .waitFor();
    expect(await savedRoute('panel')).toEqual({
      alias: 'panel',
      strategy: 'ensemble',
      targets: [
        { providerId: await providerId(), routeId: null, model: 'gpt-4o-mini' },
        { providerId: await providerId(), routeId: null, model: 'gpt-4o' },
      ],
      semantic: null,
      ensemble: {
        mode: 'synthesize',
        minResponses: 2,
        deadlineMs: 15000,
        judgePrompt: 'Merge the answers into one.',
        judge: { providerId: await providerId(), model: 'gpt-4o' },
      },
      cache: null,
    });

    // An exact cache on the key (for routes with none of their own), then off again.
    const keyCache = async () => {
      const { virtualKeys } = await admin<{ virtualKeys: { name: string; cache: unknown }[] }>(
        `{ virtualKeys(workspaceId: "${await workspaceId()}") { name cache { mode ttlSeconds threshold embedder { model } } } }`,
      );
      return virtualKeys.find((key) => key.name === 'ci')!.cache;
    };
    await page.getByRole('menuitem', { name: 'Virtual keys' }).click();
    await page.getByRole('cell', { name: 'ci', exact: true }).click();
    await page.getByRole('button', { name: /Response cache/ }).click();
    await choose('Cache answers', /^exact/);
    await page.getByLabel('Keep for (seconds)').fill('999999');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Whole seconds from 1 to 604800 (7 days)').waitFor();
    await page.getByLabel('Keep for (seconds)').fill('300');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'ci' }).getByText('exact · 5 min').waitFor();
    expect(await keyCache()).toEqual({ mode: 'exact', ttlSeconds: 300, threshold: null, embedder: null });
    await page.getByRole('cell', { name: 'ci', exact: true }).click();
    // The empty choice ("Off" on screen) is named "Clear value" for assistive technology.
    await choose('Cache answers', 'Clear value');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'ci' }).getByText('off', { exact: true }).waitFor();
    expect(await keyCache()).toBeNull();
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

  it('creates a guardrail policy attached to a key and tries it on sample text', async () => {
    await page.getByRole('menuitem', { name: 'Guardrails' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('No secrets');
    await choose('Stage', 'Input (the request)');
    const checks = page.locator('.ra-input-checks');
    const check = (index: number) => checks.locator('.RaSimpleFormIterator-line').nth(index);
    await choose('Check', 'pii', check(0));
    await choose('Action', 'redact', check(0));
    await check(0).getByLabel('Parameters (JSON)').fill('{"types": ["email"]}');
    await checks.getByRole('button', { name: 'Add' }).click();
    await choose('Check', 'regex_deny', check(1));
    await check(1).getByLabel('Parameters (JSON)').fill('{"pattern": "project-x"}');
    await page.getByLabel('Virtual keys').click();
    await page.getByRole('option', { name: 'ci', exact: true }).click();
    await settled();
    await screenshot('guardrail-editor');
    await page.getByRole('button', { name: 'Save' }).click();

    // The show page: the checks with their actions, where it applies, and the try-it panel.
    await page.getByRole('cell', { name: 'regex_deny' }).first().waitFor();
    await page.getByText('key ci', { exact: true }).waitFor();
    await page.getByLabel('Sample text').fill('Mail bob@example.com about the launch');
    await page.getByRole('button', { name: 'Run the policy' }).click();
    const result = page.getByTestId('guardrail-try-result');
    await result.getByText('Allowed').waitFor();
    await page
      .getByTestId('guardrail-try-text')
      .filter({ hasText: 'Mail [REDACTED_EMAIL] about the launch' })
      .waitFor();
    await page.getByLabel('Sample text').fill('What about project-x?');
    await page.getByRole('button', { name: 'Run the policy' }).click();
    await result.getByText('Denied by regex_deny').waitFor();
    await settled();
    await screenshot('guardrail-try');

    const { guardrailPolicies } = await admin<{
      guardrailPolicies: {
        stage: string;
        checks: { type: string; action: string | null }[];
        attachments: { keyId: string | null }[];
      }[];
    }>(
      `{ guardrailPolicies(workspaceId: "${await workspaceId()}") { stage checks { type action } attachments { keyId } } }`,
    );
    expect(guardrailPolicies).toEqual([
      {
        stage: 'input',
        checks: [
          { type: 'pii', action: 'redact' },
          { type: 'regex_deny', action: null },
        ],
        attachments: [{ keyId: expect.any(String) }],
      },
    ]);

    // With payload logging on, a request's detail shows what it asked (as the policy redacted
    // it), the answer and the verdict.
    await admin(
      `mutation { updateWorkspace(input: {id: "${await workspaceId()}", logPayloads: true}) { id } }`,
    );
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: keySecret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const logged = await client.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'Tell carol@example.com the plan' }] })
      .withResponse();
    const requestId = logged.response.headers.get('x-request-id')!;
    await usageRecorded(4);
    await page.goto(`${page.url().split('#')[0]}#/usage/${encodeURIComponent(requestId)}/show`);
    await page.getByTestId('payload-request').filter({ hasText: 'Tell [REDACTED_EMAIL] the plan' }).waitFor();
    await page
      .getByTestId('payload-response')
      .filter({ hasText: logged.data.choices[0].message.content! })
      .waitFor();
    await page
      .getByTestId('guardrail-verdict')
      .filter({ hasText: 'redact · input · No secrets / pii' })
      .waitFor();
    await settled();
    await screenshot('usage-detail');
  });

  it('finds what the test did in the audit log, with before and after', async () => {
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'createGuardrailPolicy', exact: true }).waitFor();
    await page.getByLabel('Action').fill('attachGuardrailPolicy');
    await page
      .getByRole('cell', { name: 'createGuardrailPolicy', exact: true })
      .waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: 'attachGuardrailPolicy' });
    await row.getByText('success').waitFor();
    await settled();
    await screenshot('audit-log');
    await row.getByRole('cell', { name: 'attachGuardrailPolicy', exact: true }).click();
    await page.getByText('Target before and after').waitFor();
    const change = page.getByTestId('audit-change').first();
    await change.getByText('created', { exact: true }).waitFor();
    await settled();
    await screenshot('audit-entry');
  });

  it('sets a rate limit on a key and shows its usage as a bar', async () => {
    await page.getByRole('menuitem', { name: 'Rate limits' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await choose('Scope', 'One key');
    await choose('Virtual key', 'ci');
    await page.getByLabel('Requests per window').fill('100');
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ci', exact: true }) });
    await row.getByText(/\/ 100$/).waitFor();

    // A request with the key: the nodes report it and the bar fills (the list refetches every 5 s).
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: keySecret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'counted' }] });
    await row.getByText('1 / 100', { exact: true }).waitFor({ timeout: 30_000 });
    await settled();
    await screenshot('rate-limits');
    const { rateLimits } = await admin<{
      rateLimits: { scope: string; requestsPerWindow: number; windowSeconds: number }[];
    }>(`{ rateLimits(workspaceId: "${await workspaceId()}") { scope requestsPerWindow windowSeconds } }`);
    expect(rateLimits).toEqual([{ scope: 'key', requestsPerWindow: 100, windowSeconds: 60 }]);
  });

  it('sets a budget, shows its spend as a bar and the alert a request raised', async () => {
    await page.getByRole('menuitem', { name: 'Budgets' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Team monthly');
    await page.getByLabel('Limit (USD)').fill('5');
    await page.getByLabel('Limit (tokens)').fill('100');
    await page.getByLabel('Refuse requests (402) once a limit is reached').uncheck();
    await page.getByLabel('Alert at (percent)').fill('1, 500');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('/ 100', { exact: false }).first().waitFor();
    await page.getByText('$5.00').first().waitFor();

    // Spend is counted when the node reports usage; the first request passes the 1 % alert (the
    // fake upstream answers a handful of tokens).
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: keySecret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'on budget' }],
    });
    const events = page.getByTestId('budget-events');
    await events.getByRole('cell', { name: '1%', exact: true }).waitFor({ timeout: 30_000 });
    const { budgets } = await admin<{
      budgets: { hardStop: boolean; alertThresholds: number[]; status: { spentTokens: number } }[];
    }>(
      `{ budgets(workspaceId: "${await workspaceId()}") { hardStop alertThresholds status { spentTokens } } }`,
    );
    expect(budgets).toEqual([
      { hardStop: false, alertThresholds: [1, 500], status: { spentTokens: expect.any(Number) } },
    ]);
    expect(budgets[0].status.spentTokens).toBeGreaterThan(0);
    await page.getByText(new RegExp(`^${budgets[0].status.spentTokens} / 100$`)).waitFor({ timeout: 30_000 });
    await settled();
    await screenshot('budget');
  });

  it('creates a prompt with two versions, diffs them, labels one and runs it in the playground', async () => {
    await page.getByRole('menuitem', { name: 'Prompt templates' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Support');
    await page.getByLabel('Slug').fill('support');
    await choose('Route', 'fast');
    const messages = page.locator('.ra-input-version\\.messages');
    const message = (index: number) => messages.locator('.RaSimpleFormIterator-line').nth(index);
    await message(0).getByLabel('Content').fill('You answer for {{company}}.');
    await messages.getByRole('button', { name: 'Add' }).click();
    await choose('Role', 'user', message(1));
    await message(1).getByLabel('Content').fill('{{question}}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('version-1').waitFor();

    // Version 2, from the newest version's content, labelled production.
    await page.getByRole('button', { name: 'New version' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Content').first().fill('You answer politely for {{company}}.');
    await dialog.getByLabel('Labels').fill('production');
    await page
      .getByRole('option', { name: /production/ })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Create version' }).click();
    await page.getByTestId('version-2').waitFor();
    const diff = page.getByTestId('version-diff');
    await diff.locator('.diff-removed').filter({ hasText: 'You answer for {{company}}.' }).waitFor();
    await diff.locator('.diff-added').filter({ hasText: 'You answer politely for {{company}}.' }).waitFor();
    await page.getByTestId('label-production').getByText('v2').waitFor();

    // Another label on version 1.
    await page.getByRole('textbox', { name: 'Label', exact: true }).fill('staging');
    await page.getByRole('combobox', { name: 'Points at version' }).click();
    await page.getByRole('option', { name: 'v1', exact: true }).click();
    await page.getByRole('button', { name: 'Set label' }).click();
    await page.getByTestId('label-staging').getByText('v1').waitFor();

    // The playground calls the node (another origin: CORS) with the key.
    await nodeUpToDate();
    await page.getByLabel('Gateway URL').fill(node.url);
    await page.getByLabel('Virtual key').fill(keySecret);
    await page.getByLabel('{{company}}').fill('Acme');
    await page.getByLabel('{{question}}').fill('Where is my order?');
    await page.getByRole('button', { name: 'Render' }).click();
    const played = page.getByTestId('playground-result');
    await played.getByText('[system] You answer politely for Acme.').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await played.getByText('Answer (HTTP 200)').waitFor();
    await settled();
    await screenshot('prompt');
  });

  it('draws the usage charts and splits them by model', async () => {
    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    const requests = page.getByTestId('chart-requests');
    await requests.locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-latency').locator('.recharts-line-dot').first().waitFor();
    await page.getByTestId('chart-tokens').locator('.recharts-area').first().waitFor();
    await page.getByRole('button', { name: 'by model' }).click();
    await requests.locator('.recharts-legend-item').filter({ hasText: 'gpt-4o-mini' }).waitFor();
    await requests
      .locator('.recharts-legend-item')
      .filter({ hasText: /^gpt-4o$/ })
      .waitFor();
    await settled();
    await page.getByTestId('usage-charts').scrollIntoViewIfNeeded();
    await screenshot('dashboard-charts');
  });

  it("shows every workspace's usage to installation admins, split by workspace", async () => {
    // A second workspace with a request of its own, set up through the API.
    const { createWorkspace: other } = await admin<{ createWorkspace: { id: string } }>(
      'mutation { createWorkspace(input: {slug: "second-team", name: "Second team"}) { id } }',
    );
    const { createProviderAccount: provider } = await admin<{ createProviderAccount: { id: string } }>(
      `mutation { createProviderAccount(input: {workspaceId: "${other.id}", name: "upstream", kind: "openai",
        baseUrl: "${upstreamUrl}", apiKey: "${UPSTREAM_KEY}"}) { id } }`,
    );
    await admin(
      `mutation { createRoute(input: {workspaceId: "${other.id}", alias: "fast",
        targets: [{providerId: "${provider.id}", model: "gpt-4o-mini"}]}) { id } }`,
    );
    const { createVirtualKey: key } = await admin<{ createVirtualKey: { secret: string } }>(
      `mutation { createVirtualKey(input: {workspaceId: "${other.id}", name: "second"}) { secret } }`,
    );
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: key.secret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'fast',
      messages: [{ role: 'user', content: 'elsewhere' }],
    });
    await eventually(async () => {
      const { usageRecords } = await admin<{ usageRecords: { total: number } }>(
        `{ usageRecords(workspaceId: "${other.id}") { total } }`,
      );
      return usageRecords.total === 1;
    }, 'the second workspace’s request to be recorded');

    await page.getByRole('menuitem', { name: 'Dashboard' }).click();
    await page.getByRole('button', { name: 'all workspaces' }).click();
    await page.getByText('Every workspace: usage').waitFor();
    const requests = page.getByTestId('chart-requests');
    await requests.locator('.recharts-legend-item').filter({ hasText: 'Console test' }).waitFor();
    await requests.locator('.recharts-legend-item').filter({ hasText: 'Second team' }).waitFor();
    const { installationUsageTimeseries } = await admin<{
      installationUsageTimeseries: { requests: number }[];
    }>(
      `{ installationUsageTimeseries(from: "${new Date(Date.now() - 86_400_000).toISOString()}",
        to: "${new Date(Date.now() + 3_600_000).toISOString()}", bucket: "day") { requests } }`,
    );
    const total = installationUsageTimeseries.reduce((sum, bucket) => sum + bucket.requests, 0);
    await dashboardNumber('summary-requests', String(total));
    await settled();
    await page.getByTestId('usage-charts').scrollIntoViewIfNeeded();
    await screenshot('dashboard-workspaces');
    await page.getByRole('button', { name: 'this workspace' }).click();
    await page.getByText('Console test: usage').waitFor();
  });

  it('configures single sign-on: the redirect URI to register, a write-only secret, then forgets it', async () => {
    const oidc = () =>
      admin<{ oidcSettings: Record<string, unknown> | null }>(
        `{ oidcSettings { source issuer clientId hasClientSecret redirectUri scopes defaultWorkspaceId defaultRole
          allowedEmailDomains groupsClaim } }`,
      ).then((data) => data.oidcSettings);
    const callback = new URL('/auth/oidc/callback', platform.graphqlUrl).toString();
    await page.getByRole('menuitem', { name: 'Single sign-on' }).click();
    await page.getByText('Single sign-on is not configured').waitFor();
    await page.getByTestId('oidc-redirect-uri').getByText(callback).waitFor();
    await page.getByLabel('Issuer URL').fill('idp.example.com');
    await page.getByLabel('Client ID').fill('console');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('A full URL, e.g. https://acme.okta.com/oauth2/default').waitFor();
    await page.getByLabel('Issuer URL').fill('http://idp.example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Must start with https:// (http:// only for a provider on this machine)').waitFor();
    await page.getByLabel('Issuer URL').fill('https://idp.example.com');
    await page.getByLabel('Client secret').fill('oidc-console-client-secret');
    await choose('Default workspace', 'Console test');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Pick a default workspace and a default role, or neither').waitFor();
    await choose('Default role', 'viewer');
    await page.getByLabel('Allowed email domains').fill('example.com, example.org');
    await page.getByLabel('Groups claim').fill('groups');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Single sign-on settings saved').waitFor();
    await page.getByTestId('oidc-secret-state').getByText('secret: set (***)').waitFor();
    expect(await oidc()).toEqual({
      source: 'database',
      issuer: 'https://idp.example.com',
      clientId: 'console',
      hasClientSecret: true,
      redirectUri: callback,
      scopes: ['openid', 'email', 'profile'],
      defaultWorkspaceId: await workspaceId(),
      defaultRole: 'viewer',
      allowedEmailDomains: ['example.com', 'example.org'],
      groupsClaim: 'groups',
    });
    await settled();
    expect(await page.content()).not.toContain('oidc-console-client-secret');
    await screenshot('oidc-settings');

    // Saving again without typing the secret keeps it.
    await page.getByLabel('Client ID').fill('console-2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await oidc())?.clientId === 'console-2', 'the new client id');
    expect(await oidc()).toMatchObject({ clientId: 'console-2', hasClientSecret: true });

    await page.getByRole('button', { name: 'Forget saved settings' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Single sign-on is not configured').waitFor();
    expect(await oidc()).toBeNull();
  });

  it('creates a SCIM token shown once, which works until it is revoked', async () => {
    const scimUsers = (token: string) =>
      fetch(new URL('/scim/v2/Users', platform.graphqlUrl), {
        headers: { authorization: `Bearer ${token}` },
      });
    await page.getByRole('menuitem', { name: 'SCIM tokens' }).click();
    await page
      .getByTestId('scim-base-url')
      .filter({ hasText: new URL('/scim/v2', platform.graphqlUrl).toString() })
      .waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Name').fill('x'.repeat(201));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Must be 200 characters/).waitFor();
    await page.getByLabel('Name').fill('Okta');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'SCIM token “Okta” created' });
    const secret = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Okta' });
    await row.getByText('active').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect((await scimUsers(secret)).status).toBe(200);
    const { scimTokens } = await admin<{ scimTokens: { name: string; revokedAt: string | null }[] }>(
      '{ scimTokens { name revokedAt } }',
    );
    expect(scimTokens).toEqual([{ name: 'Okta', revokedAt: null }]);

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.getByText('revoked').waitFor();
    expect((await scimUsers(secret)).status).toBe(401);
    const after = await admin<{ scimTokens: { revokedAt: string | null }[] }>('{ scimTokens { revokedAt } }');
    expect(after.scimTokens[0].revokedAt).not.toBeNull();
  });

  it('maps an identity-provider group to a workspace role, changes the role and deletes the mapping', async () => {
    const mappings = () =>
      admin<{ groupRoleMappings: { group: string; workspaceId: string; role: string }[] }>(
        '{ groupRoleMappings { group workspaceId role } }',
      ).then((data) => data.groupRoleMappings);
    await page.getByRole('menuitem', { name: 'Group role mappings' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await choose('Workspace', 'Console test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Required').first().waitFor();
    await page.getByLabel('Group').fill('platform-team');
    await choose('Role', /^admin/);
    await page.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'platform-team' });
    await row.getByText('admin', { exact: true }).waitFor();
    await row.getByText('Console test').waitFor();
    expect(await mappings()).toEqual([
      { group: 'platform-team', workspaceId: await workspaceId(), role: 'ADMIN' },
    ]);
    await settled();
    await screenshot('group-role-mappings');

    await row.getByRole('cell', { name: 'platform-team' }).click();
    await choose('Role', /^member/);
    await page.getByRole('button', { name: 'Save' }).click();
    await row.getByText('member', { exact: true }).waitFor();
    expect(await mappings()).toEqual([
      { group: 'platform-team', workspaceId: await workspaceId(), role: 'MEMBER' },
    ]);

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.waitFor({ state: 'detached' });
    await eventually(async () => (await mappings()).length === 0, 'the mapping to be deleted');
  });

  it('manages users, members and API tokens, and shows a viewer no create, edit or delete buttons', async () => {
    // A user (installation admins only), then a viewer membership in the workspace.
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Email').fill('vera@example.com');
    await page.getByLabel('Name').fill('Vera Viewer');
    await page.locator('input[name="password"]').fill('vera viewer password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'vera@example.com' }).waitFor();

    await page.getByRole('menuitem', { name: 'Members' }).click();
    await page
      .getByRole('link', { name: 'Add' })
      .or(page.getByRole('link', { name: 'Create' }))
      .click();
    await page.getByLabel('Email').fill('vera@example.com');
    await choose('Role', /^viewer/);
    await page.getByRole('button', { name: 'Save' }).click();
    const member = page.getByRole('row').filter({ hasText: 'vera@example.com' });
    await member.getByText('viewer', { exact: true }).waitFor();
    await settled();
    await screenshot('members');

    // An API token with a role; its secret is shown once and works against the API.
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel('Name').fill('ci-deploy');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'API token “ci-deploy” created' });
    const tokenSecret = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    await dialog.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('row').filter({ hasText: 'ci-deploy' }).getByText('active').waitFor();
    const viaToken = await graphql<{ routes: { alias: string }[] }>(
      platform.graphqlUrl,
      tokenSecret,
      `{ routes(workspaceId: "${await workspaceId()}") { alias } }`,
    );
    expect(viaToken.routes.map((r) => r.alias)).toContain('fast');

    // With OIDC configured the login page offers single sign-on.
    await admin(
      `mutation { setOidcSettings(input: {issuer: "https://idp.example.com", clientId: "console",
        redirectUri: "${new URL('/auth/oidc/callback', platform.graphqlUrl).toString()}"}) { enabled } }`,
    );
    await page.getByLabel('Profile').click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    const sso = page.getByRole('link', { name: 'Sign in with SSO' });
    await sso.waitFor();
    expect(await sso.getAttribute('href')).toBe(new URL('/auth/oidc/login', platform.graphqlUrl).toString());
    await settled();
    await screenshot('login-sso');

    // The viewer reads everything in the workspace but is offered no change.
    await page.locator('input[name="email"]').fill('vera@example.com');
    await page.locator('input[name="password"]').fill('vera viewer password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('workspace-switcher').getByText('Console test').waitFor();
    // The dashboard's usage and charts, without the fleet card (installation admins only).
    await page.getByTestId('chart-requests').locator('.recharts-bar-rectangle').first().waitFor();
    await settled();
    expect(await page.getByText('Data plane', { exact: true }).count()).toBe(0);
    // Nor the installation-wide pages: usage across workspaces, single sign-on, SCIM, group mappings.
    expect(await page.getByRole('button', { name: 'all workspaces' }).count()).toBe(0);
    for (const name of ['Single sign-on', 'SCIM tokens', 'Group role mappings'])
      expect(await page.getByRole('menuitem', { name }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'Audit log' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.waitForURL(/#\/routes$/);
    await page
      .locator('td.column-alias')
      .filter({ hasText: /^fast$/ })
      .waitFor();
    await settled();
    expect(await page.getByRole('link', { name: 'Create' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'Users' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Guardrails' }).click();
    await page.getByRole('cell', { name: 'No secrets', exact: true }).click();
    await page.getByRole('cell', { name: 'regex_deny' }).first().waitFor();
    await settled();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run the policy' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Rate limits' }).click();
    await page
      .getByText(/\/ 100$/)
      .first()
      .waitFor();
    await settled();
    expect(await page.getByRole('link', { name: 'Create' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await screenshot('viewer');
    // And the API refuses it anyway.
    const session = await page.evaluate(() => localStorage.getItem('switchyard.token'));
    await expect(
      graphql(
        platform.graphqlUrl,
        session!,
        `mutation { deleteRateLimit(input: {workspaceId: "${await workspaceId()}", id: "00000000-0000-4000-8000-000000000000"}) { id } }`,
      ),
    ).rejects.toThrow(/FORBIDDEN/);
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

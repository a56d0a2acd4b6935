/**
 * Routes and what they serve: fallback, conditional, semantic and ensemble strategies, response
 * caches on routes and keys, model prices, prompt templates, and the usage charts those requests
 * draw. The workspace is set up through the API (sign-in.test.ts does it in the forms); the tests
 * run in order and build on each other.
 */
import OpenAI from 'openai';
import {
  admin,
  choose,
  dashboardNumber,
  eventually,
  keySecret,
  node,
  nodeUpToDate,
  page,
  screenshot,
  settled,
  UPSTREAM_KEY,
  upstreamUrl,
  usageRecorded,
  useConsolePlatform,
  useSignedInWorkspace,
  workspaceId,
} from './support';

useConsolePlatform();
useSignedInWorkspace();

describe('routes and what they serve', () => {
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
    // The file's first requests: the API set the workspace up, the walk-through's request is not here.
    await usageRecorded(2);
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
});

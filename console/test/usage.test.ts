/**
 * What requests cost and what they draw: model prices and the catalog, prompt templates run in the
 * playground, and the usage charts (of the workspace, and of every workspace for installation
 * admins). The workspace is set up through the API (sign-in.test.ts does it in the forms); the
 * tests run in order and build on each other.
 */
import OpenAI from 'openai';
import {
  admin,
  choose,
  dashboardNumber,
  eventually,
  field,
  keySecret,
  node,
  nodeUpToDate,
  page,
  screenshot,
  settled,
  UPSTREAM_KEY,
  upstreamUrl,
  useConsolePlatform,
  useSignedInWorkspace,
  workspaceId,
} from './support';

useConsolePlatform();
useSignedInWorkspace();

describe('prices, prompts and usage', () => {
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
    await field('Slug').fill('support');
    await choose('Route', 'fast');
    const messages = page.locator('.ra-input-version\\.messages');
    const message = (index: number) => messages.locator('.RaSimpleFormIterator-line').nth(index);
    await field('Content', message(0)).fill('You answer for {{company}}.');
    await messages.getByRole('button', { name: 'Add' }).click();
    await choose('Role', 'user', message(1));
    await field('Content', message(1)).fill('{{question}}');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('version-1').waitFor();

    // Version 2, from the newest version's content, labelled production.
    await page.getByRole('button', { name: 'New version' }).click();
    const dialog = page.getByRole('dialog');
    await field('Content', dialog).first().fill('You answer politely for {{company}}.');
    await field('Labels', dialog).fill('production');
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
    await field('Gateway URL').fill(node.url);
    await field('Virtual key').fill(keySecret);
    await field('{{company}}').fill('Acme');
    await field('{{question}}').fill('Where is my order?');
    await page.getByRole('button', { name: 'Render' }).click();
    const played = page.getByTestId('playground-result');
    await played.getByText('[system] You answer politely for Acme.').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await played.getByText('Answer (HTTP 200)').waitFor();
    await settled();
    await screenshot('prompt');
  });

  it('draws the usage charts and splits them by model', async () => {
    // Requests to two models to split: the playground's (route fast, gpt-4o-mini) and one to gpt-4o
    // through a route set up here through the API (routing.test.ts builds routes in the forms).
    const id = await workspaceId();
    const { providerAccounts } = await admin<{ providerAccounts: { id: string }[] }>(
      `{ providerAccounts(workspaceId: "${id}") { id } }`,
    );
    await admin(
      `mutation { createRoute(input: {workspaceId: "${id}", alias: "smart",
        targets: [{providerId: "${providerAccounts[0].id}", model: "gpt-4o"}]}) { id } }`,
    );
    await nodeUpToDate();
    const client = new OpenAI({ apiKey: keySecret, baseURL: `${node.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'smart',
      messages: [{ role: 'user', content: 'to gpt-4o' }],
    });
    await eventually(async () => {
      const { usageRecords } = await admin<{ usageRecords: { items: { model: string }[] } }>(
        `{ usageRecords(workspaceId: "${id}") { items { model } } }`,
      );
      const models = usageRecords.items.map((record) => record.model);
      return models.includes('gpt-4o') && models.includes('gpt-4o-mini');
    }, 'requests to both models to be recorded');

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

/**
 * Routes and what they serve: fallback, conditional, semantic and ensemble strategies, and response
 * caches on routes and keys. The workspace is set up through the API (sign-in.test.ts does it in the
 * forms); the tests run in order and build on each other.
 */
import OpenAI from 'openai';
import {
  admin,
  choose,
  field,
  keySecret,
  node,
  nodeUpToDate,
  page,
  screenshot,
  settled,
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
    await page.getByRole('textbox', { name: 'Alias', exact: true }).fill('resilient');
    await choose('Strategy', 'fallback');
    const targets = page.locator('.ra-input-targets');
    const first = targets.locator('.RaSimpleFormIterator-line').nth(0);
    await first.getByRole('radio', { name: 'Another route' }).check();
    await choose('Route', 'fast', first);
    await targets.getByRole('button', { name: 'Add' }).click();
    const second = targets.locator('.RaSimpleFormIterator-line').nth(1);
    await choose('Provider account', 'local-openai', second);
    await field('Upstream model', second).fill('gpt-4o');
    await second.getByRole('button', { name: /Retry, timeout, breaker, overrides/ }).click();
    await field('Retry attempts', second).fill('2');
    await field('Timeout (ms)', second).fill('20000');
    await second.getByText('retry ×2 · timeout 20000 ms').waitFor();
    await field('Fall back on statuses').fill('429, 503');
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
    await field('Timeout (ms)', edited).fill('25000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '25000 ms' }).waitFor();
    await page.getByRole('cell', { name: '↪ fast' }).waitFor();
    await page.getByRole('cell', { name: /^2 attempts, 250–10000 ms/ }).waitFor();
    await page.getByText('Custom: on 429, 503, timeouts, connection errors').waitFor();

    // A conditional route: gold-tier requests to gpt-4o, the rest to the `fast` route.
    await page.getByRole('menuitem', { name: 'Routes' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Alias', exact: true }).fill('tiered');
    await choose('Strategy', 'conditional');
    const line = (index: number) => page.locator('.ra-input-targets .RaSimpleFormIterator-line').nth(index);
    await choose('Provider account', 'local-openai', line(0));
    await field('Upstream model', line(0)).fill('gpt-4o');
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
    await page.getByRole('textbox', { name: 'Alias', exact: true }).fill('intents');
    await choose('Strategy', 'semantic');
    await choose('Provider account', 'local-openai', line(0));
    await field('Upstream model', line(0)).fill('gpt-4o-mini');
    await page.locator('.ra-input-targets').getByRole('button', { name: 'Add' }).click();
    await line(1).getByRole('radio', { name: 'Another route' }).check();
    await choose('Route', 'fast', line(1));
    await page.getByRole('spinbutton', { name: 'Threshold', exact: true }).fill('0.7');
    await choose('When no intent matches', '#2 ↪ fast');
    const intents = page.locator('.ra-input-semantic\\.intents');
    const intent = (index: number) => intents.locator('.RaSimpleFormIterator-line').nth(index);
    await field('Intent', intent(0)).fill('billing');
    await field('Example utterances', intent(0)).fill('Where is my invoice?\nI was charged twice, why?');
    await intents.getByRole('button', { name: 'Add' }).last().click();
    await field('Intent', intent(1)).fill('smalltalk');
    await choose('Target', '#2 ↪ fast', intent(1));
    await field('Own threshold', intent(1)).fill('0.8');
    await field('Example utterances', intent(1)).fill('hello there\nhow are you?');
    // A semantic response cache on the route; an out-of-range lifetime is refused under the field.
    await page.getByRole('button', { name: /Response cache/ }).click();
    await choose('Cache answers', /^semantic/);
    await field('Keep for (seconds)').fill('0');
    await field('Similarity threshold').fill('0.9');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Whole seconds from 1 to 604800 (7 days)').waitFor();
    await field('Keep for (seconds)').fill('3600');
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
    await page.getByRole('textbox', { name: 'Alias', exact: true }).fill('panel');
    await choose('Strategy', 'ensemble');
    await choose('Provider account', 'local-openai', line(0));
    await field('Upstream model', line(0)).fill('gpt-4o-mini');
    await page.locator('.ra-input-targets').getByRole('button', { name: 'Add' }).click();
    await choose('Provider account', 'local-openai', line(1));
    await field('Upstream model', line(1)).fill('gpt-4o');
    const ensemble = page.locator('.MuiAccordion-root').filter({ hasText: 'Ensemble panel' });
    await choose('Mode', 'synthesize', ensemble);
    await field('Min responses', ensemble).fill('2');
    await field('Deadline (ms)', ensemble).fill('15000');
    await choose('Provider account', 'local-openai', ensemble);
    await field('Upstream model', ensemble).fill('gpt-4o');
    await field('Judge prompt', ensemble).fill('Merge the answers into one.');
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
    await field('Keep for (seconds)').fill('999999');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Whole seconds from 1 to 604800 (7 days)').waitFor();
    await field('Keep for (seconds)').fill('300');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'ci' }).getByText('exact · 5 min').waitFor();
    expect(await keyCache()).toEqual({ mode: 'exact', ttlSeconds: 300, threshold: null, embedder: null });
    await page.getByRole('cell', { name: 'ci', exact: true }).click();
    // The "Off" option is named "Off" for assistive technology too, as it reads on screen.
    await choose('Cache answers', 'Off');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'ci' }).getByText('off', { exact: true }).waitFor();
    expect(await keyCache()).toBeNull();
  });
});

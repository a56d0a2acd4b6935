/**
 * What keys and people may do: MCP tool access, guardrails, the audit log, rate limits, budgets,
 * and members with roles (a viewer is offered no change). The workspace is set up through the API
 * (sign-in.test.ts does it in the forms); the tests run in order and build on each other.
 */
import OpenAI from 'openai';
import { graphql } from '@switchyard/local';
import {
  admin,
  choose,
  field,
  keySecret,
  node,
  nodeUpToDate,
  page,
  platform,
  screenshot,
  settled,
  usageRecorded,
  useConsolePlatform,
  useSignedInWorkspace,
  workspaceId,
} from './support';

useConsolePlatform();
useSignedInWorkspace();

describe('policies, access and roles', () => {
  it('registers an MCP server and grants a key some of its tools', async () => {
    await page.getByRole('menuitem', { name: 'MCP servers' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Docs');
    await field('Slug').fill('docs');
    await field('Upstream URL').fill('http://127.0.0.1:9/mcp');
    await choose('Authentication', 'Bearer token');
    await page.getByRole('textbox', { name: 'Bearer token', exact: true }).fill('mcp-upstream-token');
    await page.getByRole('button', { name: 'Save' }).click();

    // The show page: the credentials' kind, never their value; then access for the key.
    await page.getByText('bearer token', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('mcp-upstream-token');
    await page.getByRole('link', { name: 'Grant a key access' }).click();
    await choose('Virtual key', 'ci');
    await field('Allowed tools').fill('search_*, get_page');
    await field('Denied tools').fill('delete_*');
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
    await field('Parameters (JSON)', check(0)).fill('{"types": ["email"]}');
    await checks.getByRole('button', { name: 'Add' }).click();
    await choose('Check', 'regex_deny', check(1));
    await field('Parameters (JSON)', check(1)).fill('{"pattern": "project-x"}');
    await field('Virtual keys').click();
    await page.getByRole('option', { name: 'ci', exact: true }).click();
    await settled();
    await screenshot('guardrail-editor');
    await page.getByRole('button', { name: 'Save' }).click();

    // The show page: the checks with their actions, where it applies, and the try-it panel.
    await page.getByRole('cell', { name: 'regex_deny' }).first().waitFor();
    await page.getByText('key ci', { exact: true }).waitFor();
    await field('Sample text').fill('Mail bob@example.com about the launch');
    await page.getByRole('button', { name: 'Run the policy' }).click();
    const result = page.getByTestId('guardrail-try-result');
    await result.getByText('Allowed').waitFor();
    await page
      .getByTestId('guardrail-try-text')
      .filter({ hasText: 'Mail [REDACTED_EMAIL] about the launch' })
      .waitFor();
    await field('Sample text').fill('What about project-x?');
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
    // The file's first request: the API set the workspace up, the routes' requests are elsewhere.
    await usageRecorded(1);
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
    await field('Action').fill('attachGuardrailPolicy');
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
    await field('Requests per window').fill('100');
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
    await field('Limit (USD)').fill('5');
    await field('Limit (tokens)').fill('100');
    await field('Refuse requests (402) once a limit is reached').uncheck();
    await field('Alert at (percent)').fill('1, 500');
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

  it('manages users, members and API tokens, and shows a viewer no create, edit or delete buttons', async () => {
    // A user (installation admins only), then a viewer membership in the workspace.
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await field('Email').fill('vera@example.com');
    await field('Name').fill('Vera Viewer');
    await page.locator('input[name="password"]').fill('vera viewer password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'vera@example.com' }).waitFor();

    await page.getByRole('menuitem', { name: 'Members' }).click();
    await page
      .getByRole('link', { name: 'Add' })
      .or(page.getByRole('link', { name: 'Create' }))
      .click();
    await field('Email').fill('vera@example.com');
    await choose('Role', /^viewer/);
    await page.getByRole('button', { name: 'Save' }).click();
    const member = page.getByRole('row').filter({ hasText: 'vera@example.com' });
    await member.getByText('viewer', { exact: true }).waitFor();
    await settled();
    await screenshot('members');

    // An API token with a role; its secret is shown once and works against the API.
    await page.getByRole('menuitem', { name: 'API tokens' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await field('Name').fill('ci-deploy');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'API token “ci-deploy” created' });
    const tokenSecret = await dialog.getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
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
    await page.getByRole('button', { name: 'Profile', exact: true }).click();
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

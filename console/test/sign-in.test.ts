/**
 * Signing in (email and password, the admin token) and the first-run walk-through: a user sets a
 * workspace up through the forms, calls the gateway with the key the console showed once, and finds
 * the request in the console. The tests run in order and build on each other.
 */
import OpenAI from 'openai';
import { graphql } from '@switchyard/local';
import {
  admin,
  adminToken,
  browser,
  dashboardNumber,
  eventually,
  field,
  node,
  nodeUpToDate,
  page,
  platform,
  screenshot,
  settled,
  UPSTREAM_KEY,
  upstreamUrl,
  usageRecorded,
  useConsolePlatform,
} from './support';

useConsolePlatform();

describe('signing in and setting a workspace up', () => {
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

    await page.getByRole('button', { name: 'Profile', exact: true }).click();
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
    const token = field('Admin token');
    await token.waitFor();
    await token.fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The control plane rejected this token').waitFor();
    expect(await token.isVisible()).toBe(true);
  });

  it('sets a workspace up, and shows the request made with the key it created', async () => {
    await field('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No workspace selected').waitFor();

    // A workspace; creating it selects it.
    await page.getByRole('button', { name: 'Create a workspace' }).first().click();
    await field('Name').fill('Console test');
    await field('Slug').fill('console-test');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Workspace Console test created and selected').waitFor();
    await page.getByTestId('workspace-switcher').getByText('Console test').waitFor();

    // A provider account at the fake upstream, with its API key.
    await page.getByRole('menuitem', { name: 'Provider accounts' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await field('Name').fill('local-openai');
    await field('Base URL').fill(upstreamUrl);
    await field('API key').fill(UPSTREAM_KEY);
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
    await field('Alias').fill('fast');
    await page.getByRole('combobox', { name: 'Provider account' }).click();
    await page.getByRole('option', { name: 'local-openai' }).click();
    await field('Upstream model').fill('gpt-4o-mini');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'fast', exact: true }).waitFor();

    // A virtual key, whose secret is shown once and copied from the dialog.
    await page.getByRole('menuitem', { name: 'Virtual keys' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await field('Name').fill('ci');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Virtual key “ci” created' });
    const shown = await dialog.getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
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
});

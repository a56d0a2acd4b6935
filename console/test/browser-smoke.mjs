/* global process, console, URL, document */
/**
 * Browser smoke test of a running console in real headless Chromium (the Debian package; nothing is
 * downloaded). It signs in with the admin token, opens the dashboard and the workspaces list, and
 * writes screenshots to console/docs/screenshots/. Any page error fails the run.
 *
 *   CONSOLE_URL=http://127.0.0.1:4000/ ADMIN_TOKEN=... node console/test/browser-smoke.mjs
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const consoleUrl = process.env.CONSOLE_URL;
const adminToken = process.env.ADMIN_TOKEN;
if (!consoleUrl || !adminToken) {
  console.error('CONSOLE_URL and ADMIN_TOKEN must be set');
  process.exit(2);
}
const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const TIMEOUT_MS = 20_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const pageErrors = [];
const steps = [];
async function step(name, run) {
  try {
    await run();
    steps.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    steps.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.message}`);
    throw error;
  }
}

try {
  await mkdir(screenshots, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await step('login page renders', async () => {
    await page.goto(consoleUrl);
    await page.getByLabel('Admin token').waitFor();
    await page.screenshot({ path: `${screenshots}login.png` });
  });

  await step('a wrong token is refused', async () => {
    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The control plane rejected this token').waitFor();
  });

  await step('the admin token signs in', async () => {
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Admin token').waitFor({ state: 'detached' });
    await page.getByRole('menuitem', { name: 'Workspaces' }).waitFor();
  });

  await step('dashboard renders', async () => {
    // Either the usage summary of the selected workspace or the hint to create the first one.
    await page.getByTestId('summary-requests').or(page.getByText('No workspace selected')).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.MuiSkeleton-root').length === 0);
    await page.screenshot({ path: `${screenshots}dashboard.png` });
  });

  await step('workspaces list opens', async () => {
    await page.getByRole('menuitem', { name: 'Workspaces' }).click();
    await page.waitForURL(/#\/workspaces/);
    await page.locator('.RaList-main, .RaEmpty-message, [class*="RaList"]').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${screenshots}workspaces.png` });
  });

  if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await browser.close();
  const passed = steps.filter((entry) => entry.ok).length;
  const failed = steps.length - passed + (pageErrors.length > 0 ? 1 : 0);
  console.log(`${passed} passed, ${failed} failed`);
}

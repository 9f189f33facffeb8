import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, signIn } from './pages.js';

/**
 * Passkeys, the phone-native way in: a patient adds one (Chromium's virtual authenticator
 * stands in for the phone's fingerprint reader, through the DevTools WebAuthn domain),
 * signs out, and signs back in with the passkey alone — no password typed.
 */
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const axe = new AxeLog();
const email = 'selmer.jacobi@example.com';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await phoneContext(browser, server.url);
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a patient signs in with a passkey', () => {
  it('adds a passkey from the security page', async () => {
    expect(server.output()).toContain(email); // the demo patient this journey uses
    await page.goto('/sign-in');
    await signIn(page, email);
    await page.waitForURL('**/home');
    await page.goto('/account/security');
    await page.getByLabel('Passkey name').fill('My phone');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect.poll(() => page.getByText('My phone').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Remove My phone' }).waitFor();
    await axe.scan(page, 'security with a passkey');
  });

  it('signs out and signs back in with the passkey, no password', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account'));
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL('**/home');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Selmer/);
    const session = await page.evaluate(() => fetch('/api/session').then((r) => r.json()));
    expect(session.user.email).toBe(email);
  });

  it('finds no serious or critical accessibility violation', () => {
    expect(axe.failing()).toEqual([]);
  });
});

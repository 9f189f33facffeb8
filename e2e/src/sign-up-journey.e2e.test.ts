import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, enrolTotp, linkFromCaughtMail, signIn, totpCode } from './pages.js';

/**
 * A new patient on a phone: registers, gets the verification mail (read from the demo
 * mail catcher by an admin in the console), verifies, signs in, turns on two-factor,
 * signs out and signs in again with a code. Every page gets an axe scan.
 */
let server: RunningServer;
let browser: Browser;
let patientContext: BrowserContext;
let adminContext: BrowserContext;
let patient: Page;
let admin: Page;
const axe = new AxeLog();
const email = `e2e.${Date.now()}@example.org`;
const password = 'my phone is my clinic';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  patientContext = await phoneContext(browser, server.url);
  adminContext = await phoneContext(browser, server.url);
  for (const c of [patientContext, adminContext]) c.setDefaultTimeout(15_000);
  patient = await patientContext.newPage();
  admin = await adminContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a new patient signs up and secures the account, on a phone', () => {
  it('registers', async () => {
    await patient.goto('/');
    await axe.scan(patient, 'landing');
    await patient.getByRole('link', { name: 'Create account' }).first().click();
    await patient.waitForURL('**/sign-up');
    await axe.scan(patient, 'sign-up');
    await patient.getByLabel('First name').fill('Rosa');
    await patient.getByLabel('Last name').fill('Delgado');
    await patient.getByLabel('Email').fill(email);
    await patient.getByLabel('Date of birth').fill('1979-03-14');
    await patient.getByLabel('Password', { exact: true }).fill(password);
    await patient.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => patient.getByRole('heading', { name: 'Check your email' }).isVisible())
      .toBe(true);
    await axe.scan(patient, 'sign-up: check your email');
  });

  it('cannot sign in before verifying', async () => {
    await patient.goto('/sign-in');
    await axe.scan(patient, 'sign-in');
    await signIn(patient, email, password);
    await expect.poll(() => patient.getByRole('alert').first().innerText()).toMatch(/confirm|verif/i);
  });

  it('reads the verification mail in the console mail catcher (admin, after enrolling two-factor)', async () => {
    await admin.goto('/sign-in');
    await signIn(admin, 'admin@riverside.example');
    await admin.waitForURL('**/account/security');
    await axe.scan(admin, 'security (staff must enrol)');
    await enrolTotp(admin);
    await axe.scan(admin, 'recovery codes');
    await admin.getByRole('button', { name: 'I saved them' }).click();
    const link = await linkFromCaughtMail(admin, email, '/verify-email');
    await axe.scan(admin, 'console: caught mail');
    expect(link).toContain(server.url);
    await patient.goto(link);
  });

  it('verifies the email from the link and signs in', async () => {
    await expect.poll(() => patient.getByRole('heading', { name: 'Email confirmed' }).isVisible()).toBe(true);
    await axe.scan(patient, 'email confirmed');
    await patient.goto('/sign-in');
    await signIn(patient, email, password);
    await patient.waitForURL('**/home');
    await expect.poll(() => patient.getByRole('heading', { level: 1 }).innerText()).toMatch(/Rosa/);
    await axe.scan(patient, 'patient home');
  });

  let secret = '';
  it('turns on two-factor sign-in', async () => {
    await patient.goto('/account/security');
    await axe.scan(patient, 'security');
    secret = await enrolTotp(patient);
    await patient.getByRole('button', { name: 'I saved them' }).click();
    await expect
      .poll(() => patient.getByText('Two-factor authentication is on.').first().isVisible())
      .toBe(true);
  });

  it('signs out and signs in again with a code from the authenticator', async () => {
    await patient.getByRole('button', { name: 'Sign out' }).click();
    await patient.waitForURL((url) => !url.pathname.startsWith('/account'));
    await patient.goto('/sign-in');
    await signIn(patient, email, password);
    await patient.getByLabel('Verification code').waitFor();
    await axe.scan(patient, 'sign-in: verification code');
    await patient.getByLabel('Verification code').fill(await totpCode(secret));
    await patient.getByRole('button', { name: 'Verify', exact: true }).click();
    await patient.waitForURL('**/home');
    await axe.scan(patient, 'patient home (after two-factor)');
  });

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(axe.findings.length).toBeGreaterThanOrEqual(10);
    expect(axe.failing()).toEqual([]);
  });
});

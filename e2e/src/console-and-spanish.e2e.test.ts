import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, enrolTotp, linkFromCaughtMail, signIn } from './pages.js';

/**
 * The staff console page by page (each scanned with axe), an invitation sent and caught,
 * and a Spanish-speaking patient who signs in with the keyboard alone and sees in "who
 * looked at my record" the admin who just opened the chart.
 */
let server: RunningServer;
let browser: Browser;
let admin: Page;
let patient: Page;
let patientEmail = '';
const axe = new AxeLog();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await (await phoneContext(browser, server.url)).newPage();
  patient = await (await phoneContext(browser, server.url, 'es-MX')).newPage();
  admin.setDefaultTimeout(15_000);
  patient.setDefaultTimeout(15_000);
  // The demo generator makes every third patient a Spanish speaker; start-up lists the
  // first three, so the third is one of them.
  const listed = /first patients: (.+)/.exec(server.output())?.[1]?.split(', ') ?? [];
  patientEmail = listed[2] ?? '';
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the staff console, page by page', () => {
  it('an admin signs in, enrols two-factor and sees the overview', async () => {
    expect(patientEmail).toMatch(/@example\.com$/);
    await admin.goto('/sign-in');
    await signIn(admin, 'admin@riverside.example');
    await admin.waitForURL('**/account/security');
    await enrolTotp(admin);
    await admin.getByRole('button', { name: 'I saved them' }).click();
    await admin.goto('/console');
    await axe.scan(admin, 'console overview');
  });

  it('finds the patient by email and opens the chart summary', async () => {
    await admin.goto('/console/patients');
    await admin.getByLabel('Search patients').fill(patientEmail);
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    const result = admin.getByRole('list', { name: 'Patients' }).getByRole('link').first();
    await result.waitFor();
    await axe.scan(admin, 'console patients');
    await result.click();
    await admin.waitForURL('**/console/patients/*');
    await admin.getByRole('heading', { name: 'Access log' }).waitFor();
    await axe.scan(admin, 'console patient');
  });

  it('lists users, the audit log and failed jobs', async () => {
    for (const [path, name] of [
      ['/console/users', 'console users'],
      ['/console/audit', 'console audit log'],
      ['/console/jobs', 'console failed jobs'],
    ] as const) {
      await admin.goto(path);
      await axe.scan(admin, name);
    }
    await admin.goto('/console/users');
    await admin.getByLabel('Search users').fill('clinician');
    await admin.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => admin.getByText('clinician@riverside.example').count()).toBeGreaterThan(0);
  });

  it('invites a clinician, and the invitation mail is caught', async () => {
    await admin.goto('/console/invitations');
    await admin.getByLabel('Email').fill('new.clinician@riverside.example');
    await admin.getByLabel('First name').fill('Tomás');
    await admin.getByLabel('Last name').fill('Herrera');
    await admin.getByLabel('Role', { exact: true }).selectOption('clinician');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => admin.getByText('new.clinician@riverside.example').count()).toBeGreaterThan(0);
    await axe.scan(admin, 'console invitations');
    const link = await linkFromCaughtMail(admin, 'new.clinician@riverside.example', '/invitation');
    await admin.goto('/console/mail');
    await axe.scan(admin, 'console mail');

    const invited = await (await phoneContext(browser, server.url)).newPage();
    await invited.goto(link);
    await invited.getByText('Tomás').first().waitFor();
    await axe.scan(invited, 'accept invitation');
    await invited.getByLabel('Password', { exact: true }).fill('a clinician password');
    await invited.getByRole('button', { name: 'Accept invitation' }).click();
    await expect.poll(() => invited.getByText('Your account is ready').count()).toBeGreaterThan(0);
  });
});

describe('a Spanish-speaking patient, keyboard only', () => {
  it('gets the app in Spanish from the phone’s language', async () => {
    await patient.goto('/sign-in');
    expect(await patient.getAttribute('html', 'lang')).toBe('es');
    await patient.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await axe.scan(patient, 'sign-in (es)');
  });

  it('signs in with Tab, typing and Enter', async () => {
    const emailBox = patient.getByLabel('Correo electrónico');
    for (let i = 0; i < 20 && !(await emailBox.evaluate((el) => el === document.activeElement)); i++) {
      await patient.keyboard.press('Tab');
    }
    expect(await emailBox.evaluate((el) => el === document.activeElement)).toBe(true);
    await patient.keyboard.type(patientEmail);
    await patient.keyboard.press('Tab');
    expect(await patient.getByLabel('Contraseña').evaluate((el) => el === document.activeElement)).toBe(true);
    await patient.keyboard.type('accompany-demo');
    await patient.keyboard.press('Enter');
    await patient.waitForURL('**/home');
    await axe.scan(patient, 'home (es)');
  });

  it('sees the admin who opened the record in "who looked at my record"', async () => {
    await patient.goto('/account/access-log');
    await patient.getByRole('heading', { name: 'Quién consultó mi historial' }).waitFor();
    await expect.poll(() => patient.getByText('Dana Whitfield').count()).toBeGreaterThan(0);
    await axe.scan(patient, 'access log (es)');
    await patient.goto('/account');
    await axe.scan(patient, 'account (es)');
  });

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(axe.findings.length).toBeGreaterThanOrEqual(13);
    expect(axe.failing()).toEqual([]);
  });
});

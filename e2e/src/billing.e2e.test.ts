import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, enrolTotp, signIn } from './pages.js';

/**
 * Bills at a phone viewport: a patient opens a statement from the home page, pays part of
 * it with the sandbox test card (keyboard only) and sees the receipt, sets up a payment plan
 * for the rest; then someone pays from the statement's text-to-pay link in Spanish without
 * signing in, after confirming the date of birth. Every page is scanned with axe.
 */
let server: RunningServer;
let browser: Browser;
let patient: Page;
let staff: Page;
let patientEmail = '';
const axe = new AxeLog();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  patient = await (await phoneContext(browser, server.url)).newPage();
  patient.setDefaultTimeout(20_000);
  // The first demo patient always has bills (see billing.demo.ts).
  patientEmail = /first patients: (.+)/.exec(server.output())?.[1]?.split(', ')[0] ?? '';
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillCard(page: Page, labels: { number: string; month: string; year: string; cvc: string }) {
  await page.getByLabel(labels.number).fill('4242 4242 4242 4242');
  await page.getByLabel(labels.month).fill('12');
  await page.getByLabel(labels.year).fill('2034');
  await page.getByLabel(labels.cvc).fill('123');
}
const english = { number: 'Card number', month: 'Expiry month', year: 'Expiry year', cvc: 'Security code' };

describe('bills on a phone', () => {
  it('opens a statement from home, pays part of it with the keyboard and sees the receipt', async () => {
    expect(patientEmail).toMatch(/@example\.com$/);
    await patient.goto('/sign-in');
    await signIn(patient, patientEmail);
    await patient.waitForURL('**/home');
    await patient.getByRole('link', { name: 'Bills' }).click();
    await patient.getByRole('heading', { name: 'Your balance' }).waitFor();
    await axe.scan(patient, 'bills');
    await patient
      .getByRole('link', { name: /^Statement of/ })
      .first()
      .click();
    await patient.getByRole('heading', { name: 'What this statement is for' }).waitFor();
    await expect.poll(() => patient.getByText('Why you owe this').count()).toBeGreaterThan(0);
    await axe.scan(patient, 'statement');
    await patient.getByLabel('Amount to pay (in USD)').fill('10.00');
    await fillCard(patient, english);
    await patient.getByLabel('Security code').press('Enter');
    await patient.getByRole('heading', { name: 'Receipt' }).waitFor();
    await expect.poll(() => patient.getByText(/Paid \$10\.00 with the card ending 4242/).count()).toBe(1);
    await axe.scan(patient, 'receipt');
  });

  it('sets up a payment plan for the rest', async () => {
    await patient.goto('/bills/plan');
    await patient.getByRole('heading', { name: 'Set up a payment plan' }).waitFor();
    await patient.getByRole('radio').first().waitFor();
    await axe.scan(patient, 'plan');
    await fillCard(patient, english);
    await patient.getByRole('button', { name: 'Start my plan' }).click();
    await patient.waitForURL('**/bills');
    await patient.getByText('Active', { exact: true }).waitFor();
  });

  it('pays from a text-to-pay link, in Spanish, without signing in', async () => {
    const profile = await patient.evaluate(
      async () => (await fetch('/api/me/profile')).json() as Promise<{ birthDate: string; mrn: string }>,
    );
    staff = await (await phoneContext(browser, server.url)).newPage();
    staff.setDefaultTimeout(20_000);
    await staff.goto('/sign-in');
    await signIn(staff, 'billing@riverside.example');
    await staff.waitForURL('**/account/security');
    await enrolTotp(staff);
    await staff.getByRole('button', { name: 'I saved them' }).click();
    await staff.goto('/console/billing');
    await staff.getByLabel('Search by name or MRN').fill(profile.mrn);
    await staff.getByLabel('Search by name or MRN').press('Enter');
    await staff.getByRole('table').getByRole('link').first().click();
    await staff.getByRole('heading', { name: 'Ledger' }).waitFor();
    await axe.scan(staff, 'console billing account');
    const link = (await staff.locator('a[href*="/pay/"]').first().getAttribute('href')) ?? '';
    expect(link).toMatch(/\/pay\/[A-Z2-9]{8}-/);

    const stranger = await (await phoneContext(browser, server.url, 'es-MX')).newPage();
    stranger.setDefaultTimeout(20_000);
    await stranger.goto(link);
    await stranger.getByRole('heading', { name: 'Pague su factura' }).waitFor();
    await axe.scan(stranger, 'text-to-pay');
    await stranger.getByLabel('Fecha de nacimiento').fill('1900-01-01');
    await stranger.getByRole('button', { name: 'Ver mi estado de cuenta' }).click();
    await stranger
      .getByText('La fecha de nacimiento no coincide', { exact: false })
      .or(stranger.getByRole('alert'))
      .first()
      .waitFor();
    await stranger.getByLabel('Fecha de nacimiento').fill(profile.birthDate);
    await stranger.getByRole('button', { name: 'Ver mi estado de cuenta' }).click();
    await stranger.getByRole('heading', { name: 'Qué incluye este estado de cuenta' }).waitFor();
    await stranger.getByRole('textbox', { name: /Monto a pagar/ }).fill('1.00');
    await fillCard(stranger, {
      number: 'Número de tarjeta',
      month: 'Mes de vencimiento',
      year: 'Año de vencimiento',
      cvc: 'Código de seguridad',
    });
    await stranger.getByRole('button', { name: /^Pagar/ }).click();
    await stranger.getByRole('heading', { name: 'Recibo' }).waitFor();
    await axe.scan(stranger, 'text-to-pay receipt');
  });

  it('billing staff keep over-payments as a credit from the reports page', async () => {
    await staff.goto('/console/billing/reports');
    const credit = staff.getByRole('checkbox', { name: 'Keep over-payments as a credit' });
    await credit.waitFor();
    expect(await credit.isChecked()).toBe(false);
    await axe.scan(staff, 'billing reports and policy');
    await credit.check();
    await staff.getByRole('button', { name: 'Save policy' }).click();
    await staff.getByRole('status').filter({ hasText: 'Billing policy saved.' }).waitFor();
    await staff.reload();
    await expect.poll(() => credit.isChecked()).toBe(true);
  });

  it('has no serious or critical accessibility findings on any page it visited', () => {
    expect(axe.failing()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, enrolTotp, signIn } from './pages.js';
import { startLaunchingApp } from './smart-app.js';

/**
 * An app connects through SMART: an admin registers it in the console, a Spanish-speaking
 * patient on a phone starts a launch from the app, chooses what to share on our consent
 * screen with the keyboard, allows it, and the app gets a token. Then the patient finds the
 * app under Connected apps, disconnects it, and the app's token stops working.
 */
let server: RunningServer;
let browser: Browser;
let admin: Page;
let patient: Page;
let app: Awaited<ReturnType<typeof startLaunchingApp>>;
let patientEmail = '';
const axe = new AxeLog();

beforeAll(async () => {
  server = await startServer();
  app = await startLaunchingApp(`${server.url}/fhir/R4`);
  browser = await launchBrowser();
  admin = await (await phoneContext(browser, server.url)).newPage();
  patient = await (await phoneContext(browser, server.url, 'es-MX')).newPage();
  admin.setDefaultTimeout(15_000);
  patient.setDefaultTimeout(15_000);
  // Every third demo patient speaks Spanish; start-up lists the first three.
  const listed = /first patients: (.+)/.exec(server.output())?.[1]?.split(', ') ?? [];
  patientEmail = listed[2] ?? '';
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await server?.stop();
});

describe('an app connects through SMART and is disconnected', () => {
  it('an admin registers the app in the console', async () => {
    await admin.goto('/sign-in');
    await signIn(admin, 'admin@riverside.example');
    await admin.waitForURL('**/account/security');
    await enrolTotp(admin);
    await admin.getByRole('button', { name: 'I saved them' }).click();
    await admin.goto('/console/apps');
    const form = admin.getByRole('form', { name: 'Register a patient app' });
    await form.getByLabel('Name shown to patients').fill('Pocket Health');
    await form.getByLabel('Redirect URIs').fill(app.redirectUri);
    await form.getByRole('button', { name: 'Register' }).click();
    const item = admin.getByRole('listitem').filter({ hasText: 'Pocket Health' });
    await item.waitFor();
    app.state.clientId = (await item.locator('code').first().innerText()).trim();
    expect(app.state.clientId).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    await axe.scan(admin, 'console apps');
  });

  it('the app starts a launch; the patient signs in first, then sees the consent screen in Spanish', async () => {
    expect(patientEmail).toMatch(/@example\.com$/);
    await patient.goto(`${app.origin}/launch`);
    await patient.waitForURL('**/sign-in?next=*');
    await patient.getByLabel('Correo electrónico').fill(patientEmail);
    await patient.getByLabel('Contraseña').fill('accompany-demo');
    await patient.getByLabel('Contraseña').press('Enter');
    await patient.waitForURL('**/connect/*');
    await patient.getByRole('heading', { name: 'Conectar Pocket Health con su expediente' }).waitFor();
    await axe.scan(patient, 'consent (es)');
  });

  it('keeps test results, leaves out health problems with the keyboard, and allows', async () => {
    const problems = patient.getByRole('checkbox', { name: 'Problemas de salud' });
    await problems.focus();
    await patient.keyboard.press('Space');
    expect(await problems.isChecked()).toBe(false);
    expect(
      await patient.getByRole('checkbox', { name: 'Resultados de pruebas y signos vitales' }).isChecked(),
    ).toBe(true);
    const allow = patient.getByRole('button', { name: 'Permitir', exact: true });
    for (let i = 0; i < 10 && !(await allow.evaluate((el) => el === document.activeElement)); i++)
      await patient.keyboard.press('Tab');
    await patient.keyboard.press('Enter');
    await patient.waitForURL(`${app.origin}/callback**`);
    await patient.getByRole('heading', { name: 'Connected' }).waitFor();
    const scope = await patient.locator('#scope').innerText();
    expect(scope).toContain('patient/Observation.rs');
    expect(scope).not.toContain('Condition');
    expect(app.state.accessToken).not.toBe('');
    expect(await app.tokenActive()).toBe(true);
  });

  it('the patient sees the app under Connected apps and disconnects it; the token stops working', async () => {
    await patient.goto(`${server.url}/account/connected-apps`);
    await patient.getByRole('heading', { name: 'Aplicaciones conectadas' }).waitFor();
    const item = patient
      .getByRole('list', { name: 'Aplicaciones con acceso a su expediente' })
      .getByRole('listitem');
    await expect.poll(() => item.filter({ hasText: 'Pocket Health' }).count()).toBe(1);
    await expect
      .poll(() => item.filter({ hasText: 'Resultados de pruebas y signos vitales' }).count())
      .toBe(1);
    await axe.scan(patient, 'connected apps (es)');
    await patient.getByRole('button', { name: 'Desconectar Pocket Health' }).click();
    await patient.getByRole('button', { name: 'Sí, desconectar' }).click();
    await patient.getByText('No hay aplicaciones conectadas a su expediente.').waitFor();
    expect(await app.tokenActive()).toBe(false);
  });

  it('finds no serious or critical accessibility violation on any page', () => {
    expect(axe.findings.length).toBe(3);
    expect(axe.failing()).toEqual([]);
  });
});

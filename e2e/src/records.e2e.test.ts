import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, signIn } from './pages.js';

/**
 * A patient opens their health record on a phone: results with a trend chart, the other parts of
 * the record, the downloaded FHIR file and the printable summary; a Spanish speaker reads the same
 * pages in Spanish.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
let spanish: Page;
let listed: string[] = [];
const axe = new AxeLog();

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await (await phoneContext(browser, server.url)).newPage();
  spanish = await (await phoneContext(browser, server.url, 'es-MX')).newPage();
  page.setDefaultTimeout(15_000);
  spanish.setDefaultTimeout(15_000);
  // The first demo patients listed at start-up have full demo records; the third speaks Spanish.
  listed = /first patients: (.+)/.exec(server.output())?.[1]?.split(', ') ?? [];
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('my health record', () => {
  it('opens from the home page and lists the parts of the record', async () => {
    expect(listed.length).toBeGreaterThanOrEqual(3);
    await page.goto('/sign-in');
    await signIn(page, listed[0]!);
    await page.waitForURL('**/home');
    await page.getByRole('link', { name: 'Health record' }).click();
    await page.waitForURL('**/records');
    await page.getByRole('navigation', { name: 'Parts of the record' }).waitFor();
    await axe.scan(page, 'record home');
  });

  it('shows results with flags and ranges, and a trend chart for a repeated lab', async () => {
    await page.getByRole('link', { name: 'Test results and vitals' }).click();
    await page.getByRole('heading', { name: 'Vital signs' }).waitFor();
    expect(await page.getByText(/^Range /).count()).toBeGreaterThan(0);
    await axe.scan(page, 'results');
    await page.getByRole('link', { name: /See trend\W+Body weight/ }).click();
    await page.waitForURL('**/records/results/**');
    const chart = page.getByRole('img', { name: /Body weight: \d+ readings/ });
    await chart.waitFor();
    const rows = await page.getByRole('table', { name: 'All readings' }).getByRole('row').count();
    expect(rows).toBeGreaterThan(2);
    await axe.scan(page, 'result trend');
  });

  it('shows visits, problems, medicines, allergies, vaccines and documents', async () => {
    for (const name of ['Visits', 'Health problems', 'Medicines', 'Allergies', 'Vaccines', 'Documents']) {
      await page.goto('/records');
      await page.getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.locator('p.loading').waitFor({ state: 'detached' });
      await axe.scan(page, `record ${name}`);
    }
    await page.goto('/records/visits');
    await page.locator('.timeline-item').first().waitFor();
    expect(await page.locator('.timeline-item').count()).toBeGreaterThan(2);
  });

  it('downloads the record as a FHIR bundle and opens a printable summary', async () => {
    await page.goto('/records/download');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the data file (FHIR)' }).click(),
    ]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      resourceType: string;
      entry: { resource: { resourceType: string } }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
    for (const t of ['Patient', 'Encounter', 'Observation', 'Condition', 'Immunization'])
      expect(types).toContain(t);
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Patient')).toHaveLength(1);
    await page.getByText(/Your file is ready/).waitFor();
    await axe.scan(page, 'download');
    await page.getByRole('link', { name: 'Open a summary to print or save as PDF' }).click();
    await page.getByRole('heading', { name: 'Health summary' }).waitFor();
    await page.getByRole('heading', { name: 'Medicines' }).waitFor();
    await page.getByRole('button', { name: 'Print or save as PDF' }).waitFor();
    await axe.scan(page, 'printable summary');
  });

  it('reads in Spanish for a Spanish-speaking patient, by keyboard', async () => {
    await spanish.goto('/sign-in');
    await spanish.getByLabel('Correo electrónico').fill(listed[2]!);
    await spanish.getByLabel('Contraseña').fill('accompany-demo');
    await spanish.keyboard.press('Enter');
    await spanish.waitForURL('**/home');
    await spanish.goto('/records');
    const link = spanish.getByRole('link', { name: 'Resultados y signos vitales' });
    await link.focus();
    await spanish.keyboard.press('Enter');
    await spanish.getByRole('heading', { name: 'Signos vitales' }).waitFor();
    await spanish
      .getByRole('link', { name: /Ver evolución/ })
      .first()
      .waitFor();
    await axe.scan(spanish, 'results in Spanish');
  });

  it('has no serious accessibility violation on any page', () => {
    expect(axe.failing()).toEqual([]);
  });
});

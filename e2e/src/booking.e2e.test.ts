import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, enrolTotp, linkFromCaughtMail, signIn } from './pages.js';

/**
 * A patient on a phone finds care for a sore throat near a ZIP code, picks a time and books;
 * the reminder mail's signed link leads back to the visit, which they move and later cancel; with
 * a second visit on the waitlist, the cancelled time is offered to them and they take it. Every
 * page gets an axe scan. The reminder is the real one: before the booking, the admin sets one of
 * the organization's reminder offsets so that it falls due a few seconds after the booking, and
 * the worker sends it like any other.
 */
let server: RunningServer;
let browser: Browser;
let patientContext: BrowserContext;
let adminContext: BrowserContext;
let patient: Page;
let admin: Page;
const axe = new AxeLog();
const email = 'selmer.jacobi@example.com';
let firstVisit = '';

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

/**
 * Searches for a sore throat near a Brooklyn ZIP, picks the first time shown and books it;
 * `beforeBooking` runs with the held start before the booking is sent.
 */
async function bookFirstTime(page: Page, beforeBooking?: (start: Date) => Promise<void>) {
  await page.goto('/appointments/find');
  await page.getByLabel('Reason for visit').fill('sore throat');
  await page.getByLabel('ZIP code').fill('11215');
  // From the day after tomorrow: far enough for the online change and cancel window of the visit.
  await page
    .getByLabel('Earliest day')
    .fill(new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { name: 'Providers' }).waitFor();
  await axe.scan(page, 'find care: results');
  const held = page.waitForResponse(
    (r) => r.url().endsWith('/api/appointments/holds') && r.request().method() === 'POST',
  );
  await page
    .getByRole('button', { name: /^Book .+ with / })
    .first()
    .click();
  const hold = (await (await held).json()) as { start: string };
  await page.getByRole('heading', { name: 'Confirm your visit' }).waitFor();
  await axe.scan(page, 'find care: confirm');
  await beforeBooking?.(new Date(hold.start));
  // The first answer is lost on the way back (the server booked): pressing Book again must give
  // the same appointment, not a second one or a 409 for the patient's own time.
  let lost: { id: string; key: string | undefined } | null = null;
  await page.route('**/api/appointments', async (route) => {
    if (lost || route.request().method() !== 'POST') return route.fallback();
    const answer = await route.fetch();
    lost = {
      id: ((await answer.json()) as { id: string }).id,
      key: route.request().headers()['idempotency-key'],
    };
    await route.abort('connectionreset');
  });
  const book = page.getByRole('button', { name: 'Book this time', exact: true });
  await book.click();
  await expect.poll(() => lost !== null).toBe(true);
  await page.getByRole('alert').first().waitFor();
  const retried = page.waitForRequest((r) => r.url().endsWith('/api/appointments') && r.method() === 'POST');
  await book.click();
  expect((await retried).headers()['idempotency-key']).toBe(lost!.key);
  expect(lost!.key).toMatch(/^[0-9a-f-]{36}$/);
  await page.waitForURL(new RegExp(`/appointments/${lost!.id}$`));
  await page.unroute('**/api/appointments');
  await expect.poll(() => page.getByText('Your appointment is booked.').first().isVisible()).toBe(true);
  return page.url();
}

/** On an appointment page: moves it to the n-th time offered for rescheduling. */
async function rescheduleTo(page: Page, index: number) {
  const times = page.getByRole('group', { name: 'Reschedule' }).getByRole('button');
  await times.nth(index).waitFor();
  await times.nth(index).click();
  await expect.poll(() => page.getByText('Your appointment was moved.').first().isVisible()).toBe(true);
}

/**
 * Sets the organization's reminder offsets to 24 and 2 hours plus one that falls due a few
 * seconds from now for a visit at `start` (offsets are whole minutes, so within about a minute).
 */
async function reminderDueSoon(start: Date) {
  const minutes = Math.floor((start.getTime() - Date.now() - 5_000) / 60_000);
  const field = admin.getByLabel('Hours before the visit, separated by commas');
  await field.fill(`${minutes / 60}, 24, 2`);
  await field.locator('xpath=ancestor::form').getByRole('button', { name: 'Save' }).click();
  await admin.getByText('Saved.').first().waitFor();
}

describe('find a provider and book, on a phone', () => {
  it('opens Appointments from the home page and books a sore-throat visit near a ZIP', async () => {
    await admin.goto('/sign-in');
    await signIn(admin, 'admin@riverside.example');
    await admin.waitForURL('**/account/security');
    await enrolTotp(admin);
    await admin.getByRole('button', { name: 'I saved them' }).click();
    await admin.goto('/console/directory');
    await admin.getByLabel('Hours before the visit, separated by commas').waitFor();

    await patient.goto('/sign-in');
    await signIn(patient, email);
    await patient.waitForURL('**/home');
    await patient.getByRole('link', { name: 'Appointments' }).first().click();
    await patient.waitForURL('**/appointments');
    await axe.scan(patient, 'appointments');
    firstVisit = await bookFirstTime(patient, reminderDueSoon);
    await axe.scan(patient, 'appointment booked');
  });

  it('gets the reminder mail, opens its signed link and reschedules from it', async () => {
    // Up to about a minute and a half: the reminder falls due on a whole minute.
    const link = await linkFromCaughtMail(admin, email, '/appointments/manage', {
      template: 'appointment_reminder',
      attempts: 180,
    });
    expect(link).toContain(server.url);
    await expect.poll(() => admin.getByText('Reminder: your appointment').first().isVisible()).toBe(true);
    await patient.goto(link);
    await patient.getByRole('button', { name: 'Confirm I will come' }).waitFor();
    await axe.scan(patient, 'mail link: manage');
    await patient.getByRole('button', { name: 'Confirm I will come' }).click();
    await expect
      .poll(() => patient.getByText('Thank you: your visit is confirmed.').first().isVisible())
      .toBe(true);
    await patient.getByRole('link', { name: 'Sign in to reschedule' }).click();
    await patient.waitForURL(firstVisit);
    await rescheduleTo(patient, 8);
    await axe.scan(patient, 'appointment moved');
  });

  it('joins the waitlist with a second visit; cancelling the first offers its time, and the patient takes it', async () => {
    const secondVisit = await bookFirstTime(patient);
    await rescheduleTo(patient, 11);
    await patient.getByRole('button', { name: 'Tell me if an earlier time opens' }).click();
    await expect
      .poll(() => patient.getByText('You are on the waitlist for an earlier time.').first().isVisible())
      .toBe(true);

    await patient.goto(firstVisit);
    await patient.getByLabel('Why are you cancelling?').fill('Feeling better');
    await patient.getByRole('button', { name: 'Cancel appointment' }).click();
    await expect
      .poll(() => patient.getByText('Your appointment is cancelled.').first().isVisible())
      .toBe(true);
    await axe.scan(patient, 'appointment cancelled');

    const take = patient.getByRole('button', { name: /^Take / });
    for (let attempt = 0; attempt < 40 && !(await take.count()); attempt++) {
      await patient.goto('/appointments/waitlist');
      await patient.getByRole('heading', { name: 'Earlier times' }).waitFor();
      await patient.waitForTimeout(250); // the offer job runs just after the cancellation
    }
    await axe.scan(patient, 'waitlist offer');
    await take.first().click();
    await expect
      .poll(() => patient.getByText('Done: your visit moved to the earlier time.').first().isVisible())
      .toBe(true);
    await patient.goto(secondVisit);
    await patient.getByRole('heading', { name: 'Your appointment' }).waitFor();
    await axe.scan(patient, 'second visit after the offer');
  });

  it('front desk sees the visit in the location week view, the waitlist and the directory', async () => {
    await admin.goto('/console/schedule');
    await admin.getByLabel('Location').selectOption({ label: 'Eastside Family Medicine' });
    await admin.getByLabel('Day').fill(new Date().toISOString().slice(0, 10));
    await admin.getByLabel('View').selectOption({ label: 'Week' });
    await expect
      .poll(() =>
        admin
          .getByRole('list', { name: 'Schedule' })
          .getByText(/Jacobi/)
          .count(),
      )
      .toBeGreaterThan(0);
    await axe.scan(admin, 'console: schedule');
    await admin.goto('/console/directory');
    await admin.getByRole('heading', { name: 'Visit types' }).waitFor();
    await axe.scan(admin, 'console: directory');
  });

  it('has no serious or critical accessibility violations on any page', () => {
    expect(axe.failing()).toEqual([]);
  });
});

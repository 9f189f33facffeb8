import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { seriousViolations } from './browser.js';

/** Page objects: the journeys speak of what a person does, not of selectors. */

export const DEMO_PASSWORD = 'accompany-demo';

/** Every page a journey visits gets an axe scan; the findings are collected per page. */
export class AxeLog {
  readonly findings: { page: string; violations: Awaited<ReturnType<typeof seriousViolations>> }[] = [];
  async scan(page: Page, name: string) {
    await page.waitForLoadState('networkidle');
    this.findings.push({ page: name, violations: await seriousViolations(page) });
  }
  /** Pages scanned with a serious or critical violation (empty when all is well). */
  failing() {
    return this.findings.filter((f) => f.violations.length > 0);
  }
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A TOTP code for a time step the server has not seen yet from this secret. */
const lastStep = new Map<string, number>();
export async function totpCode(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 30_000);
  const step = Math.max(now, (lastStep.get(secret) ?? -1) + 1);
  lastStep.set(secret, step);
  return generate({ secret, epoch: step * 30 });
}

/** On the security page: sets up two-factor and returns the secret. */
export async function enrolTotp(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up two-factor' }).click();
  const secret = (await page.locator('code.secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel('Verification code').fill(await totpCode(secret));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect
    .poll(() => page.getByRole('heading', { name: 'Save your recovery codes' }).isVisible())
    .toBe(true);
  return secret;
}

/** As an admin in the console: the newest caught mail to `to`, and the link in it to `path`. */
export async function linkFromCaughtMail(
  page: Page,
  to: string,
  path: string,
  options: { template?: string; attempts?: number } = {},
): Promise<string> {
  for (let attempt = 0; attempt < (options.attempts ?? 40); attempt++) {
    await page.goto('/console/mail');
    await page
      .getByRole('list', { name: 'Caught mail' })
      .or(page.getByText('No mail caught yet.'))
      .first()
      .waitFor();
    let rows = page.getByRole('listitem').filter({ hasText: to });
    if (options.template) rows = rows.filter({ hasText: options.template });
    const row = rows.first();
    if (await row.count()) {
      await row.getByRole('link').first().click();
      const link = page.locator(`a[href*="${path}?token="]`).first();
      await link.waitFor();
      return (await link.getAttribute('href'))!;
    }
    await page.waitForTimeout(250); // the mail job runs just after the request that queued it
  }
  throw new Error(`No mail to ${to} in the catcher`);
}

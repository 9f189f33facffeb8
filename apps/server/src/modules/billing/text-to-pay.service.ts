import type { Payment, Statement } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { safeEqual } from '../../platform/crypto/tokens.js';
import { checkLimit, countHit } from '../../platform/auth/rate-limit.js';
import { findAccount } from './ledger.repository.js';
import { requestPayment } from './payments.service.js';
import { paymentById, toPayment } from './payments.repository.js';
import { statementByCode, statementView } from './statements.service.js';
import { gatewayOf } from '../../platform/payments/gateways.js';

/** A link works this long after it is sent. */
export const PAY_LINK_DAYS = 30;
/** Wrong birth dates allowed per statement in the window before the link locks. */
export const BIRTH_DATE_ATTEMPTS = 5;
const LOCK_WINDOW_SECONDS = 900;
/** After the birth date matched, paying stays open this long without asking again. */
const GRANT_MINUTES = 15;

const sig = (platform: Platform, data: string) => platform.keyring.sign(data).slice(0, 22);

/**
 * A short signed link token `CODE-expiry-signature`: statement code, expiry (base 36
 * seconds), signature. Nothing secret inside. No dot in it, so the path never looks like a file.
 */
export function payLinkToken(platform: Platform, tenantId: string, code: string, now = Date.now()): string {
  const exp = Math.floor(now / 1000 + PAY_LINK_DAYS * 86_400).toString(36);
  return `${code}-${exp}-${sig(platform, `ttp|${tenantId}|${code}|${exp}`)}`;
}

export function payLink(platform: Platform, tenantId: string, code: string): string {
  return `${platform.config.publicUrl}/pay/${payLinkToken(platform, tenantId, code)}`;
}

export function readPayLink(platform: Platform, tenantId: string, token: string): string {
  const m = /^([A-HJ-NP-Z2-9]{8})-([0-9a-z]{1,10})-([A-Za-z0-9_-]{22})$/.exec(token);
  const [, code, exp, mac] = m ?? [];
  if (!code || !exp || !mac) {
    throw new AppError(
      'invalid_token',
      'This payment link is not valid. Use the link from your statement or call the billing office.',
    );
  }
  if (!safeEqual(mac, sig(platform, `ttp|${tenantId}|${code}|${exp}`))) {
    throw new AppError(
      'invalid_token',
      'This payment link is not valid. Use the link from your statement or call the billing office.',
    );
  }
  if (parseInt(exp, 36) * 1000 < Date.now()) {
    throw new AppError(
      'invalid_token',
      'This payment link has expired. Sign in to pay, or ask the billing office for a new link.',
    );
  }
  return code;
}

async function statementOfLink(scope: Scope, platform: Platform, token: string) {
  const code = readPayLink(platform, scope.tenant.id, token);
  const row = await statementByCode(scope.tx, code);
  if (!row) throw new AppError('invalid_token', 'This payment link is not valid.');
  const account = (await findAccount(scope.tx, row.account_id))!;
  return { row, account };
}

/**
 * The patient proves who they are with the date of birth. Wrong dates are counted per
 * statement (whoever tries), and after BIRTH_DATE_ATTEMPTS the link locks for a while.
 */
export async function unlockPayLink(
  scope: Scope,
  platform: Platform,
  token: string,
  birthDate: string,
): Promise<{ grant: string; statement: Statement }> {
  const { row, account } = await statementOfLink(scope, platform, token);
  const limit = {
    bucket: `pay-link:${row.id}`,
    max: BIRTH_DATE_ATTEMPTS,
    windowSeconds: LOCK_WINDOW_SECONDS,
  };
  try {
    await checkLimit(scope.tx, scope.tenant.id, limit);
  } catch (error) {
    throw new AppError(
      'account_locked',
      'Too many wrong dates of birth. This link is locked for 15 minutes.',
      {
        retryAfterSeconds: (error as AppError).details.retryAfterSeconds ?? LOCK_WINDOW_SECONDS,
      },
    );
  }
  const patient = await scope.tx
    .selectFrom('patients')
    .select('birth_date')
    .where('id', '=', account.patientId)
    .executeTakeFirstOrThrow();
  if (patient.birth_date !== birthDate) {
    await countHit(scope.tx, scope.tenant.id, limit);
    await audit(scope, {
      action: 'read',
      objectType: 'Statement',
      objectId: row.id,
      patientId: account.patientId,
      outcome: 'denied',
    });
    throw new AppError('invalid_code', 'The date of birth does not match our records.', {
      keepWrites: true,
      errors: [{ path: 'birthDate', message: 'The date of birth does not match' }],
    });
  }
  await audit(scope, {
    action: 'read',
    objectType: 'Statement',
    objectId: row.id,
    patientId: account.patientId,
  });
  const exp = Math.floor(Date.now() / 1000 + GRANT_MINUTES * 60).toString(36);
  const grant = `${row.id}.${exp}.${sig(platform, `grant|${scope.tenant.id}|${row.id}|${exp}`)}`;
  return { grant, statement: await statementView(scope.tx, row, scope.tenant.name) };
}

/**
 * Paying from a paper statement: the patient types its code and their date of birth. The code
 * opens the same path as the statement's link (a fresh link token, the same per-statement lockout
 * on wrong birth dates); an unknown code gets the same answer as a wrong date, so codes cannot be
 * told apart by guessing.
 */
export async function unlockByCode(
  scope: Scope,
  platform: Platform,
  code: string,
  birthDate: string,
): Promise<{ token: string; grant: string; statement: Statement }> {
  const row = await statementByCode(scope.tx, code);
  if (!row) {
    throw new AppError(
      'invalid_code',
      'The statement code or the date of birth does not match our records.',
      {
        // Keep the attempt counted against the address even though nothing opened.
        keepWrites: true,
        errors: [{ path: 'code', message: 'Check the code on your statement' }],
      },
    );
  }
  const token = payLinkToken(platform, scope.tenant.id, code);
  try {
    return { token, ...(await unlockPayLink(scope, platform, token, birthDate)) };
  } catch (error) {
    if (error instanceof AppError && error.kind === 'invalid_code')
      throw new AppError(
        'invalid_code',
        'The statement code or the date of birth does not match our records.',
        {
          ...error.details,
        },
      );
    throw error;
  }
}

async function statementOfGrant(scope: Scope, platform: Platform, token: string, grant: string) {
  const { row, account } = await statementOfLink(scope, platform, token);
  const [id, exp, mac] = grant.split('.');
  if (
    id !== row.id ||
    !exp ||
    !mac ||
    !safeEqual(mac, sig(platform, `grant|${scope.tenant.id}|${id}|${exp}`)) ||
    parseInt(exp, 36) * 1000 < Date.now()
  ) {
    throw new AppError('invalid_token', 'Confirm your date of birth again to pay.');
  }
  return { row, account };
}

export async function payByLink(
  scope: Scope,
  platform: Platform,
  token: string,
  body: { grant: string; amountCents: number; currency: string; cardToken: string },
  idempotencyKey: string,
): Promise<Payment> {
  const { row, account } = await statementOfGrant(scope, platform, token, body.grant);
  const card = await gatewayOf(platform).describeCard(scope.tenant.id, body.cardToken, scope.tx);
  const { payment } = await requestPayment(scope, platform, account, {
    idempotencyKey,
    amountCents: body.amountCents,
    currency: body.currency,
    cardToken: body.cardToken,
    cardLast4: card?.last4 ?? null,
    channel: 'text_to_pay',
    statementId: row.id,
  });
  return payment;
}

export async function paymentByLink(
  scope: Scope,
  platform: Platform,
  token: string,
  grant: string,
  paymentId: string,
) {
  const { account } = await statementOfGrant(scope, platform, token, grant);
  const payment = await paymentById(scope.tx, paymentId);
  if (!payment || payment.account_id !== account.id)
    throw new AppError('not_found', 'No payment with that id');
  await audit(scope, {
    action: 'read',
    objectType: 'Payment',
    objectId: payment.id,
    patientId: account.patientId,
  });
  return toPayment(payment);
}

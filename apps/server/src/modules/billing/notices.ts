import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import { notify } from '../../platform/notify/notifications.js';
import type { Locale, TemplateName } from '../../platform/notify/templates.js';
import type { StatementLine } from '@accompany/contracts';
import { lineInLanguage } from './service-names.js';

/** Display only: the stored figure stays integer cents. */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'es' ? 'es-US' : 'en-US', {
    style: 'currency',
    currency: currency.trim(),
  }).format(cents / 100);
}

export function formatDay(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

const titles: Record<string, Record<Locale, string>> = {
  payment_receipt: { en: 'Payment received', es: 'Pago recibido' },
  payment_failed: { en: 'Payment not completed', es: 'Pago no realizado' },
  statement_ready: { en: 'New statement', es: 'Nuevo estado de cuenta' },
  plan_installment_notice: { en: 'Payment plan charge coming up', es: 'Próximo cobro del plan de pagos' },
  autopay_notice: { en: 'Autopay charge coming up', es: 'Próximo pago automático' },
};

export interface BillingNotice {
  template: Extract<
    TemplateName,
    'payment_receipt' | 'payment_failed' | 'statement_ready' | 'plan_installment_notice' | 'autopay_notice'
  >;
  amountCents: number;
  currency: string;
  date: string;
  code?: string;
  last4?: string | null;
  /** Where the mail's button goes; the bills page by default. */
  link?: string;
  /** A statement's lines, listed in the mail in the patient's language. */
  lines?: readonly StatementLine[];
}

const MAX_LISTED_LINES = 10;

/** One line per service for a mail: "October 2, 2026 — Flu vaccine: you owe $40.00". */
export function lineSummaries(lines: readonly StatementLine[], currency: string, locale: Locale): string[] {
  const owe = locale === 'es' ? 'usted debe' : 'you owe';
  return lines
    .filter((l) => l.youOweCents !== 0)
    .slice(0, MAX_LISTED_LINES)
    .map((l) => {
      const line = lineInLanguage(l, locale);
      const when = line.serviceDate ? `${formatDay(line.serviceDate, locale)} — ` : '';
      return `${when}${line.description}: ${owe} ${formatMoney(line.youOweCents, currency, locale)}`;
    });
}

/**
 * Tells the patient by email (in their language) and in the app. Patients without a
 * sign-in (paper only) get nothing here; their statements still carry the code.
 */
export async function sendBillingNotice(
  scope: Scope,
  platform: Platform,
  patientId: string,
  n: BillingNotice,
) {
  const user = await scope.tx
    .selectFrom('users')
    .select(['id', 'email', 'given_name', 'locale'])
    .where('patient_id', '=', patientId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return;
  const locale: Locale = user.locale === 'es' ? 'es' : 'en';
  const amount = formatMoney(n.amountCents, n.currency, locale);
  const date = formatDay(n.date, locale);
  await queueEmail(scope, platform.jobs, {
    to: user.email,
    userId: user.id,
    template: n.template,
    locale,
    data: {
      givenName: user.given_name,
      amount,
      date,
      code: n.code ?? '',
      last4: n.last4 ?? '',
      link: n.link ?? `${platform.config.publicUrl}/bills`,
      ...(n.lines ? { items: lineSummaries(n.lines, n.currency, locale).join('\n') } : {}),
    },
  });
  await notify(scope, {
    userId: user.id,
    kind: `billing.${n.template}`,
    title: titles[n.template]![locale],
    body: `${amount} · ${date}${n.code ? ` · ${n.code}` : ''}`,
    link: '/bills',
  });
}

/**
 * Every UI string, English and Spanish. Each feature owns a `messages.ts` exporting `en` and
 * `es: Messages<typeof en>`, so a missing Spanish key is a type error (and a unit-test failure).
 */
import * as common from './messages-common';
import * as landing from '../../features/landing/messages';
import * as auth from '../../features/auth/messages';
import * as home from '../../features/home/messages';
import * as account from '../../features/account/messages';
import * as consoleMsgs from '../../features/console/messages';
import * as consoleAdmin from '../../features/console/messages-admin';
import * as connectedApps from '../../features/connected-apps/messages';
import * as consoleApps from '../../features/console/messages-apps';
import * as records from '../../features/records/messages';
import * as appointments from '../../features/appointments/messages';
import * as billing from '../../features/billing/messages';
import * as billingConsole from '../../features/console/billing-messages';

export const modules = {
  common,
  landing,
  auth,
  home,
  account,
  console: consoleMsgs,
  consoleAdmin,
  connectedApps,
  consoleApps,
  records,
  appointments,
  billing,
  billingConsole,
};

export const en = {
  ...common.en,
  ...landing.en,
  ...auth.en,
  ...home.en,
  ...account.en,
  ...consoleMsgs.en,
  ...consoleAdmin.en,
  ...records.en,
  ...connectedApps.en,
  ...consoleApps.en,
  ...appointments.en,
  ...billing.en,
  ...billingConsole.en,
};

export type MessageKey = keyof typeof en;

export const es: Record<MessageKey, string> = {
  ...common.es,
  ...landing.es,
  ...auth.es,
  ...home.es,
  ...account.es,
  ...consoleMsgs.es,
  ...consoleAdmin.es,
  ...records.es,
  ...connectedApps.es,
  ...consoleApps.es,
  ...appointments.es,
  ...billing.es,
  ...billingConsole.es,
};

export const catalogs = { en, es } as const;

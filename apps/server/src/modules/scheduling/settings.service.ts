import type { SchedulingSettings } from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import type { Scope } from '../../platform/http/context.js';

const DEFAULTS: SchedulingSettings = {
  reminderOffsetsMinutes: [10080, 1440, 120],
  holdMinutes: 5,
  offerMinutes: 30,
};

export async function getSchedulingSettings(scope: Scope): Promise<SchedulingSettings> {
  const row = await scope.tx.selectFrom('scheduling_settings').selectAll().executeTakeFirst();
  return row
    ? {
        reminderOffsetsMinutes: row.reminder_offsets_minutes,
        holdMinutes: row.hold_minutes,
        offerMinutes: row.offer_minutes,
      }
    : DEFAULTS;
}

/** Reminder offsets, hold and offer lengths; they apply to visits booked from now on. */
export async function setSchedulingSettings(
  scope: Scope,
  settings: SchedulingSettings,
): Promise<SchedulingSettings> {
  // Largest first and without repeats, so one visit never gets two reminders at once.
  const offsets = [...new Set(settings.reminderOffsetsMinutes)].sort((a, b) => b - a);
  const values = {
    reminder_offsets_minutes: offsets,
    hold_minutes: settings.holdMinutes,
    offer_minutes: settings.offerMinutes,
  };
  await scope.tx
    .insertInto('scheduling_settings')
    .values({ tenant_id: scope.tenant.id, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
  await audit(scope, { action: 'update', objectType: 'SchedulingSettings', objectId: null, patientId: null });
  return { ...settings, reminderOffsetsMinutes: offsets };
}

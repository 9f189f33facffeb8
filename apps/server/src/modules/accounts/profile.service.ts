import type { Profile, Role } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import { AppError } from '../../platform/errors.js';
import { readPatient, updatePatientDemographics } from '../patients/patients.repository.js';
import { findUserById } from './accounts.repository.js';

export async function getProfile(scope: Scope, userId: string): Promise<Profile> {
  const user = await findUserById(scope.tx, userId);
  if (!user) throw new AppError('unauthenticated', 'Please sign in');
  const patient = user.patient_id ? await readPatient(scope, user.patient_id) : undefined;
  return {
    id: user.id,
    email: user.email,
    givenName: user.given_name,
    familyName: user.family_name,
    phone: user.phone,
    locale: user.locale as 'en' | 'es',
    role: user.role as Role,
    birthDate: patient?.birth_date ?? null,
    mrn: patient?.mrn ?? null,
  };
}

export async function updateProfile(
  scope: Scope,
  userId: string,
  change: {
    givenName?: string | undefined;
    familyName?: string | undefined;
    phone?: string | null | undefined;
    locale?: 'en' | 'es' | undefined;
  },
): Promise<Profile> {
  const set = {
    ...(change.givenName !== undefined ? { given_name: change.givenName } : {}),
    ...(change.familyName !== undefined ? { family_name: change.familyName } : {}),
    ...(change.phone !== undefined ? { phone: change.phone } : {}),
  };
  const user = await scope.tx
    .updateTable('users')
    .set({ ...set, ...(change.locale ? { locale: change.locale } : {}), updated_at: sql`now()` })
    .where('id', '=', userId)
    .returning('patient_id')
    .executeTakeFirstOrThrow();
  if (user.patient_id) {
    await updatePatientDemographics(scope, user.patient_id, {
      ...set,
      ...(change.locale ? { preferred_locale: change.locale } : {}),
    });
  }
  return getProfile(scope, userId);
}

export async function listNotifications(scope: Scope, userId: string) {
  const rows = await scope.tx
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'read_at', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  const unread = await scope.tx
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    unread: unread.n,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      readAt: r.read_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export async function markNotificationRead(scope: Scope, userId: string, id: string) {
  const r = await scope.tx
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'No such notification');
}

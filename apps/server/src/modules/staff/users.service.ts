import type { Role, UserSummary } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { encodeCursor, readCursor } from '../../platform/http/cursor.js';

const fields = [
  'id',
  'email',
  'given_name',
  'family_name',
  'role',
  'patient_id',
  'email_verified_at',
  'disabled_at',
  'totp_enabled_at',
  'last_sign_in_at',
  'created_at',
] as const;

type Row = {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  role: string;
  patient_id: string | null;
  email_verified_at: Date | null;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
};

const toSummary = (r: Row): UserSummary => ({
  id: r.id,
  email: r.email,
  givenName: r.given_name,
  familyName: r.family_name,
  role: r.role as Role,
  status: r.disabled_at ? 'disabled' : r.email_verified_at ? 'active' : 'unverified',
  totpEnabled: r.totp_enabled_at !== null,
  lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

export async function listUsers(
  scope: Scope,
  filter: { q?: string | undefined; role?: Role | undefined; cursor?: string | undefined; limit: number },
) {
  let q = scope.tx.selectFrom('users').select(fields);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('email', 'like', like), eb(sql`lower(given_name || ' ' || family_name)`, 'like', like)]),
    );
  }
  const after = readCursor(filter.cursor, ['text', 'uuid']);
  if (after?.length === 2)
    q = q.where((eb) => eb(eb.refTuple('email', 'id'), '>', eb.tuple(after[0]!, after[1]!)));
  const rows = await q
    .orderBy('email')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit);
  // A patient's account (name, email) is patient data: listing it is an audited access.
  await audit(
    scope,
    items
      .filter((r) => r.patient_id)
      .map((r) => ({
        action: 'search' as const,
        objectType: 'Account',
        objectId: r.id,
        patientId: r.patient_id,
      })),
  );
  const last = items[items.length - 1];
  return {
    items: items.map(toSummary),
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.email, last.id]) : null,
  };
}

/** Admins change staff roles or disable accounts; the organization never loses its last admin. */
export async function updateUser(
  scope: Scope,
  userId: string,
  change: { role?: Role | undefined; disabled?: boolean | undefined },
) {
  const user = await scope.tx
    .selectFrom('users')
    .select(fields)
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new AppError('not_found', 'No user with that id');
  if (user.role === 'patient' && change.role)
    throw new AppError('conflict', 'A patient account cannot be given a staff role');
  if (userId === scope.actor?.userId && (change.disabled || (change.role && change.role !== 'admin'))) {
    throw new AppError('conflict', 'You cannot disable or demote your own account');
  }
  const losesAdmin =
    user.role === 'admin' &&
    !user.disabled_at &&
    ((change.role && change.role !== 'admin') || change.disabled);
  if (losesAdmin) {
    // One such change at a time per tenant: two admins removing each other at once would each
    // count two active admins (row locks on different rows do not stop that) and leave none.
    // The lock is held to commit, so the next change counts after this one is visible.
    await sql`select pg_advisory_xact_lock(hashtext(${`last-admin:${scope.tenant.id}`}))`.execute(scope.tx);
    const admins = await scope.tx
      .selectFrom('users')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (admins.n <= 1) throw new AppError('conflict', 'The organization needs at least one active admin');
  }
  const updated = await scope.tx
    .updateTable('users')
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled_at: change.disabled ? sql`now()` : null } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .returning(fields)
    .executeTakeFirstOrThrow();
  // A disabled account is signed out everywhere at once.
  if (change.disabled) await scope.tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  if (updated.patient_id) {
    await audit(scope, {
      action: 'update',
      objectType: 'Account',
      objectId: userId,
      patientId: updated.patient_id,
    });
  }
  return toSummary(updated);
}

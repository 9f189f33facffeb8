import type { PatientSummary } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import { audit } from '../../platform/audit/audit.js';
import { encodeCursor, readCursor } from '../../platform/http/cursor.js';

/**
 * Every read or write of a patient row goes through here, and each one writes its audit
 * record in the same transaction: the access and its trace commit together or not at all.
 */
const columns = [
  'id',
  'mrn',
  'given_name',
  'family_name',
  'birth_date',
  'email',
  'phone',
  'preferred_locale',
  'created_at',
] as const;

type Row = {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  email: string | null;
};

export const toSummary = (r: Row): PatientSummary => ({
  id: r.id,
  mrn: r.mrn,
  givenName: r.given_name,
  familyName: r.family_name,
  birthDate: r.birth_date,
  email: r.email,
});

export async function readPatient(scope: Scope, patientId: string) {
  const row = await scope.tx
    .selectFrom('patients')
    .select(columns)
    .where('id', '=', patientId)
    .executeTakeFirst();
  if (row) await audit(scope, { action: 'read', objectType: 'Patient', objectId: row.id, patientId: row.id });
  return row;
}

export async function searchPatients(
  scope: Scope,
  q: string | undefined,
  cursor: string | undefined,
  limit: number,
) {
  let query = scope.tx.selectFrom('patients').select(columns);
  if (q) {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(family_name || ', ' || given_name)`, 'like', like),
        eb(sql`lower(given_name || ' ' || family_name)`, 'like', like),
        eb(sql`lower(mrn)`, '=', q.toLowerCase()),
        eb(sql`lower(email)`, '=', q.toLowerCase()),
      ]),
    );
  }
  const after = readCursor(cursor, ['text', 'text', 'uuid']);
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple(sql`lower(family_name)`, sql`lower(given_name)`, 'id'),
        '>',
        eb.tuple(after[0]!, after[1]!, after[2]!),
      ),
    );
  }
  const rows = await query
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  await audit(
    scope,
    page.map((r) => ({ action: 'search' as const, objectType: 'Patient', objectId: r.id, patientId: r.id })),
  );
  const last = page[page.length - 1];
  return {
    items: page.map(toSummary),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor([last.family_name.toLowerCase(), last.given_name.toLowerCase(), last.id])
        : null,
  };
}

export async function updatePatientDemographics(
  scope: Scope,
  patientId: string,
  changes: { given_name?: string; family_name?: string; phone?: string | null; preferred_locale?: string },
) {
  if (Object.keys(changes).length === 0) return;
  await scope.tx
    .updateTable('patients')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', patientId)
    .execute();
  await audit(scope, { action: 'update', objectType: 'Patient', objectId: patientId, patientId });
}

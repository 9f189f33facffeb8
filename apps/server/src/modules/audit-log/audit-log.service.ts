import type { AccessLogEntry, AuditEntry, Role } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import { encodeCursor, readCursor } from '../../platform/http/cursor.js';

interface Filter {
  patientId?: string | undefined;
  actorId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

async function page(scope: Scope, filter: Filter) {
  let q = scope.tx
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    // Accesses made through a connected (SMART) app name the app.
    .leftJoin('smart_clients as c', (join) =>
      join.onRef('c.client_id', '=', 'a.actor_client_id').onRef('c.tenant_id', '=', 'a.tenant_id'),
    )
    .select([
      'a.id',
      'a.at',
      'a.actor_id',
      'a.actor_role',
      'a.patient_id',
      'a.action',
      'a.object_type',
      'a.object_id',
      'a.outcome',
      'a.ip',
      'a.user_agent',
      'u.given_name',
      'u.family_name',
      'a.actor_client_id',
      'c.name as app_name',
      // The cursor needs the exact microsecond timestamp: a Date keeps milliseconds only, and
      // many records share a millisecond (a search writes one per patient in one statement).
      sql<string>`to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_exact'),
    ]);
  if (filter.patientId) q = q.where('a.patient_id', '=', filter.patientId);
  if (filter.actorId) q = q.where('a.actor_id', '=', filter.actorId);
  const after = readCursor(filter.cursor, ['timestamp', 'uuid']);
  if (after) {
    q = q.where((eb) =>
      eb(
        eb.refTuple('a.at', 'a.id'),
        '<',
        eb.tuple(sql<Date>`${after[0]}::timestamptz`, sql<string>`${after[1]}::uuid`),
      ),
    );
  }
  const rows = await q
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > filter.limit && last ? encodeCursor([last.at_exact, last.id]) : null,
  };
}

/** The full trail, for admins. */
export async function auditTrail(
  scope: Scope,
  filter: Filter,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const { items, nextCursor } = await page(scope, filter);
  return {
    nextCursor,
    items: items.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.given_name ? `${r.given_name} ${r.family_name}` : null,
      actorRole: r.actor_role as Role | null,
      patientId: r.patient_id,
      action: r.action as AuditEntry['action'],
      objectType: r.object_type,
      objectId: r.object_id,
      outcome: r.outcome as AuditEntry['outcome'],
      ip: r.ip,
      userAgent: r.user_agent,
      appClientId: r.actor_client_id,
      appName: r.app_name,
    })),
  };
}

/** "Who looked at my record": names and roles, not other people's addresses. */
export async function accessLogForPatient(scope: Scope, patientId: string, cursor: string | undefined) {
  const { items, nextCursor } = await page(scope, { patientId, cursor, limit: 50 });
  const entries: AccessLogEntry[] = items
    .filter((r) => r.outcome === 'success')
    .map((r): AccessLogEntry => {
      const common = {
        at: r.at.toISOString(),
        action: r.action as AccessLogEntry['action'],
        what: r.object_type,
      };
      // An app reading with the patient's permission is named as the app, not as "you".
      if (r.actor_client_id)
        return { ...common, who: r.app_name ?? r.actor_client_id, role: null, actorKind: 'app' };
      return {
        ...common,
        who:
          r.actor_id === scope.actor?.userId
            ? 'you'
            : r.given_name
              ? `${r.given_name} ${r.family_name}`
              : 'system',
        role: r.actor_role as Role | null,
        actorKind: 'person',
      };
    });
  return { items: entries, nextCursor };
}

import { sql, type Kysely } from 'kysely';

/**
 * The past weeks of a clinic that has been running: for every provider's schedule, `perDay` visits
 * on each weekday of the last `weeks` weeks, mostly completed (their cells of provider time kept,
 * as completion keeps them), some no-shows and cancellations (cells released, as those do).
 *
 * Why the booking benchmark needs it: on tables that start empty, the planner's first plans for
 * the booking statements read appointments and cells sequentially, and the cached plans stay
 * that way while the tables grow tenfold within seconds (autovacuum's next ANALYZE comes a minute
 * later). A running organization's tables are large and analyzed; this gives the benchmark those.
 * Written with plain SQL in two statements: the FHIR mirror, audit and mail rows of these past
 * visits are left out, since nothing measured reads them.
 */
export async function seedVisitHistory(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's transaction type
  tx: Kysely<any>,
  tenantId: string,
  options: { weeks: number; perDay: number },
): Promise<{ visits: number; cells: number }> {
  const visits = await sql<{ n: number }>`
    with pts as (select array_agg(id order by id) as ids from patients),
    vt as (select id, minutes from visit_types order by minutes, code limit 1),
    days as (
      select d::date as day from generate_series(current_date - ${options.weeks * 7}::int, current_date - 1, interval '1 day') d
      where extract(isodow from d) < 6
    ), made as (
      insert into appointments (tenant_id, kind, patient_id, provider_id, location_id, visit_type_id, status,
        start_at, end_at, reason, cancelled_at, created_at, updated_at)
      select ${tenantId}::uuid, 'visit', pts.ids[1 + abs(hashtext(s.id::text || days.day || k)) % cardinality(pts.ids)],
        s.provider_id, s.location_id, vt.id,
        case abs(hashtext(s.id::text || days.day || k || 's')) % 20 when 0 then 'no_show' when 1 then 'cancelled' else 'completed' end,
        start_at, start_at + make_interval(mins => vt.minutes), 'Follow-up',
        null, start_at - interval '7 days', start_at
      from provider_schedules s, days, pts, vt, generate_series(0, ${options.perDay - 1}::int) k,
        lateral (select (days.day + time '16:00' + k * interval '90 minutes')::timestamptz as start_at) t
      returning 1
    )
    select count(*)::int as n from made`.execute(tx);
  const cells = await sql<{ n: number }>`
    with made as (
      insert into slot_cells (tenant_id, provider_id, cell_start, appointment_id)
      select a.tenant_id, a.provider_id, cell, a.id
      from appointments a, generate_series(a.start_at, a.end_at - interval '1 microsecond', interval '5 minutes') cell
      where a.status = 'completed' and a.start_at < now()
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from made`.execute(tx);
  return { visits: visits.rows[0]!.n, cells: cells.rows[0]!.n };
}

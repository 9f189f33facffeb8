import { systemAccess, type FhirContext } from '../../fhir/access.js';
import { search } from '../../fhir/search/search.service.js';
import type { Scope } from '../../platform/http/context.js';
import { portalPatientIds } from '../patients/patients.service.js';
import { chargesFromEob, type EobShape } from './eob-charges.js';
import { ensureAccount, postEntry } from './ledger.repository.js';

export interface RecordChargesResult {
  /** Explanations of benefit read from the records. */
  examined: number;
  /** Ledger entries posted by this run (a re-run posts none). */
  posted: number;
  /** EOBs left alone: not final, no portal patient, another currency, or amounts that do not add up. */
  skipped: number;
}

/**
 * Posts the charges, insurance payments and contractual adjustments of every
 * ExplanationOfBenefit in the organization's records to the patients' ledgers. Idempotent: each
 * entry's source is unique, so running it after every import, or every night, moves money once.
 */
export async function postChargesFromRecords(scope: Scope): Promise<RecordChargesResult> {
  const ctx: FhirContext = { scope, access: systemAccess };
  const result: RecordChargesResult = { examined: 0, posted: 0, skipped: 0 };
  let cursor: string | null = null;
  do {
    const params: Record<string, string[]> = { _count: ['200'], _sort: ['_lastUpdated'] };
    if (cursor) params._cursor = [cursor];
    const page = await search(ctx, 'ExplanationOfBenefit', params);
    const charges = page.matches.map((m) => chargesFromEob(m.resource as unknown as EobShape));
    const known = await portalPatientIds(scope, [
      ...new Set(charges.flatMap((c) => (c ? [c.patientId] : []))),
    ]);
    for (const c of charges) {
      result.examined++;
      if (!c || !known.has(c.patientId)) {
        result.skipped++;
        continue;
      }
      const account = await ensureAccount(scope.tx, scope.tenant.id, c.patientId);
      if (account.currency !== c.currency) {
        result.skipped++;
        continue;
      }
      for (const entry of c.entries) if (await postEntry(scope, account, entry)) result.posted++;
    }
    cursor = page.next;
  } while (cursor);
  return result;
}

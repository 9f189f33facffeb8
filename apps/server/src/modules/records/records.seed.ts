import { systemAccess, type FhirContext } from '../../fhir/access.js';
import { FHIR_PREFIX } from '../../fhir/fhir.routes.js';
import { importBundle } from '../../fhir/import/importer.js';
import type { Bundle } from '../../fhir/types.js';
import type { Scope } from '../../platform/http/context.js';
import { demoRecordBundle, type DemoPatient } from './records.demo.js';

export interface DemoRecordsPlan {
  seed: number;
  now: Date;
  organization: string;
  clinicians: readonly string[];
  places: readonly string[];
  /** Whether the patient at this position in the demo list gets a full clinical record. */
  clinical: (index: number) => boolean;
  /** Whether that record is a showcase one (see DemoRecordOptions.rich). */
  rich: (index: number) => boolean;
}

/**
 * Writes each demo patient's record through the FHIR door's own import path (validated, indexed,
 * audited as the organization), in the caller's transaction. Every patient gets a Patient
 * resource whose id is the portal id; the plan decides who also gets visits, results and the rest.
 */
export async function seedDemoRecords(
  scope: Scope,
  patients: readonly DemoPatient[],
  plan: DemoRecordsPlan,
): Promise<{ resources: number }> {
  const ctx: FhirContext = { scope, access: systemAccess };
  const entries: NonNullable<Bundle['entry']> = [];
  patients.forEach((patient, index) => {
    const bundle = demoRecordBundle(patient, {
      ...plan,
      seed: plan.seed + index,
      clinical: plan.clinical(index),
      rich: plan.rich(index),
    });
    entries.push(...(bundle.entry ?? []));
  });
  // One import per few hundred resources: large enough to batch the inserts, small enough to
  // keep each statement's parameter list well under PostgreSQL's limit.
  for (let start = 0; start < entries.length; start += 500) {
    const chunk: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: entries.slice(start, start + 500),
    };
    await importBundle(ctx, chunk, FHIR_PREFIX);
  }
  return { resources: entries.length };
}

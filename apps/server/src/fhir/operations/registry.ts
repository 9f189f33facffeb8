import type { FhirContext } from '../access.js';

/**
 * An operation a module adds to the FHIR door (the Argonaut Scheduling operations, a computed
 * search). The door resolves the caller and runs it in the request's tenant transaction, so a
 * failure rolls back everything the operation wrote.
 */
export interface FhirOperation {
  method: 'GET' | 'POST';
  /** Below /fhir/R4, e.g. `/Appointment/$book`. */
  url: string;
  run(
    ctx: FhirContext,
    input: {
      query: Record<string, string[]>;
      body: unknown;
      header: (name: string) => string | undefined;
      base: string;
    },
  ): Promise<{ status: number; body: unknown }>;
}

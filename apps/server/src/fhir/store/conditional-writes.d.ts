import { type FhirContext } from '../access.js';
import { type Prepared } from './prepare.js';
/** Create unless the If-None-Exist criteria match: one match is returned as is, several are 412. */
export declare function conditionalCreate(
  ctx: FhirContext,
  resourceType: string,
  body: unknown,
  ifNoneExist: string,
): Promise<Prepared>;
/** Update the one resource the criteria match, create when none, 412 when several. */
export declare function conditionalUpdate(
  ctx: FhirContext,
  resourceType: string,
  query: string,
  body: unknown,
): Promise<Prepared>;

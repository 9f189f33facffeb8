import type { FhirResource } from '../types.js';
import type { SearchQuery } from './parse.js';
/** Applies _summary and _elements to a resource about to be returned. */
export declare function shapeResource(
  resource: FhirResource,
  q: Pick<SearchQuery, 'summary' | 'elements'>,
): FhirResource;

import { getDataType } from '@medplum/core';
import { loadDefinitions } from '../definitions.js';
import type { FhirResource } from '../types.js';
import type { SearchQuery } from './parse.js';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

function markSubsetted(resource: FhirResource): FhirResource {
  const tag = [...((resource.meta?.tag as unknown[]) ?? []), SUBSETTED];
  return { ...resource, meta: { ...resource.meta, tag } };
}

function summaryElements(resourceType: string): Set<string> {
  loadDefinitions();
  const schema = getDataType(resourceType);
  const keep = new Set(['resourceType', 'id', 'meta']);
  for (const [path, element] of Object.entries(schema.elements ?? {})) {
    if ((element as { isSummary?: boolean }).isSummary) keep.add(path.split('[')[0]!.split('.')[0]!);
  }
  return keep;
}

/** Applies _summary and _elements to a resource about to be returned. */
export function shapeResource(
  resource: FhirResource,
  q: Pick<SearchQuery, 'summary' | 'elements'>,
): FhirResource {
  if (q.elements?.length) {
    const keep = new Set(['resourceType', 'id', 'meta', ...q.elements]);
    return markSubsetted(
      Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k))) as FhirResource,
    );
  }
  switch (q.summary) {
    case 'true': {
      const keep = summaryElements(resource.resourceType);
      return markSubsetted(
        Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k))) as FhirResource,
      );
    }
    case 'text':
      return markSubsetted(
        Object.fromEntries(
          Object.entries(resource).filter(([k]) => ['resourceType', 'id', 'meta', 'text'].includes(k)),
        ) as FhirResource,
      );
    case 'data': {
      const { text: _text, ...rest } = resource;
      return markSubsetted(rest as FhirResource);
    }
    default:
      return resource;
  }
}

import {
  convertToSearchableDates,
  convertToSearchableNumbers,
  getParsedExpressionForResourceType,
  toTypedValue,
  type TypedValue,
} from '@medplum/core';
import type { FhirResource, SearchParameter } from '../types.js';
import { searchParametersOf } from '../definitions.js';
import { foldString } from './normalize.js';

/** One indexed value of one search parameter (see migration 004 for the column meanings). */
export interface IndexRow {
  param: string;
  text: string | null;
  system: string | null;
  unit: string | null;
  low: string | null;
  high: string | null;
  nlow: number | null;
  nhigh: number | null;
}

export const INDEXED_TYPES = new Set(['string', 'token', 'date', 'reference', 'quantity', 'uri', 'number']);
/** Served from the resources table itself, never indexed. */
const NATIVE = new Set(['_id', '_lastUpdated']);

const indexedCache = new Map<string, SearchParameter[]>();

/** The search parameters the store indexes for a type (the official ones of a supported kind). */
export function indexedParams(resourceType: string): SearchParameter[] {
  let params = indexedCache.get(resourceType);
  if (!params) {
    params = Object.entries(searchParametersOf(resourceType))
      .filter(
        ([code, sp]) => !NATIVE.has(code) && INDEXED_TYPES.has(sp.type) && sp.expression && code === sp.code,
      )
      .map(([, sp]) => sp);
    indexedCache.set(resourceType, params);
  }
  return params;
}

interface Plan {
  sp: SearchParameter;
  atom: ReturnType<typeof getParsedExpressionForResourceType>;
  /** Top-level elements the expression starts from; null when it cannot be told (always evaluate). */
  roots: string[] | null;
}
const plans = new Map<string, Plan[]>();

/**
 * Which top-level elements each expression reads (`Observation.code` reads `code`,
 * `(Observation.value as Quantity)` reads `value[x]`). Evaluating FHIRPath costs tens of
 * microseconds per parameter; a resource has a few of the dozens its type defines, so the
 * others are skipped without evaluating anything.
 */
function planFor(resourceType: string): Plan[] {
  let plan = plans.get(resourceType);
  if (!plan) {
    plan = indexedParams(resourceType).map((sp) => {
      const parts = sp.expression!.split('|').map((p) => p.trim().replace(/^\(+/, ''));
      const mine = parts.filter((p) => p.startsWith(`${resourceType}.`) || p.startsWith('Resource.'));
      const roots = mine.map((p) => /^[A-Za-z]+\.([a-zA-Z]+)/.exec(p)?.[1]);
      const simple =
        mine.length > 0 &&
        roots.every((r) => r !== undefined) &&
        !/%|resolve\(|extension\(/.test(sp.expression!);
      const atom = getParsedExpressionForResourceType(resourceType, sp.expression!);
      return { sp, atom, roots: simple ? (roots as string[]) : null };
    });
    plans.set(resourceType, plan);
  }
  return plan;
}

function present(resource: FhirResource, roots: string[]): boolean {
  for (const key of Object.keys(resource)) {
    for (const root of roots) {
      // A choice element (value[x]) is stored as valueQuantity, valueString, …
      if (key === root || (key.startsWith(root) && /^[A-Z]/.test(key.charAt(root.length)))) return true;
    }
  }
  return false;
}

const row = (param: string, fields: Partial<IndexRow>): IndexRow => ({
  param,
  text: null,
  system: null,
  unit: null,
  low: null,
  high: null,
  nlow: null,
  nhigh: null,
  ...fields,
});

function stringsOf(tv: TypedValue): string[] {
  const v = tv.value as Record<string, unknown> | string;
  if (typeof v === 'string') return [v];
  if (!v || typeof v !== 'object') return [];
  const parts: unknown[] = [];
  if (tv.type === 'HumanName') parts.push(v.text, v.family, v.given, v.prefix, v.suffix);
  else if (tv.type === 'Address')
    parts.push(v.text, v.line, v.city, v.district, v.state, v.postalCode, v.country);
  else parts.push(v.text, v.value, v.display);
  return parts.flat().filter((p): p is string => typeof p === 'string' && p.length > 0);
}

function tokensOf(tv: TypedValue): { system: string | null; code: string; text?: string }[] {
  const v = tv.value as Record<string, unknown> | string | boolean | number;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
    return [{ system: null, code: String(v) }];
  if (!v || typeof v !== 'object') return [];
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  switch (tv.type) {
    case 'CodeableConcept': {
      const codings = (Array.isArray(v.coding) ? v.coding : []) as Record<string, unknown>[];
      // :text searches CodeableConcept.text and every Coding.display.
      const texts = [str(v.text), ...codings.map((c) => str(c.display))].filter((t): t is string =>
        Boolean(t),
      );
      const tokens = codings
        .filter((c) => str(c.code))
        .map((c) => ({ system: str(c.system), code: c.code as string }));
      return [...tokens, ...texts.map((text) => ({ system: null, code: '', text }))];
    }
    case 'Coding':
      return str(v.code)
        ? [{ system: str(v.system), code: v.code as string, text: str(v.display) ?? '' }]
        : [];
    case 'Identifier':
      return str(v.value) ? [{ system: str(v.system), code: v.value as string }] : [];
    case 'ContactPoint':
      return str(v.value) ? [{ system: str(v.system), code: v.value as string }] : [];
    default:
      return str(v.code) ? [{ system: str(v.system), code: v.code as string }] : [];
  }
}

function referencesOf(tv: TypedValue): string[] {
  const v = tv.value as Record<string, unknown> | string;
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object' && typeof v.reference === 'string') return [v.reference];
  return [];
}

/** Extracts every index row of a resource, by evaluating each parameter's FHIRPath expression. */
export function extractIndex(resource: FhirResource): IndexRow[] {
  const rows: IndexRow[] = [];
  const input = [toTypedValue(resource as never)];
  for (const { sp, atom, roots } of planFor(resource.resourceType)) {
    if (roots && !present(resource, roots)) continue;
    let values: TypedValue[];
    try {
      values = atom.eval({ variables: {} }, input);
    } catch {
      continue; // an expression the engine cannot evaluate on this resource indexes nothing
    }
    if (!values.length) continue;
    const code = sp.code;
    switch (sp.type) {
      case 'string':
        // The original is kept beside the folded form for :exact.
        for (const tv of values)
          for (const s of stringsOf(tv)) rows.push(row(code, { text: foldString(s), system: s }));
        break;
      case 'token':
        for (const tv of values)
          for (const t of tokensOf(tv)) {
            if (t.code) rows.push(row(code, { system: t.system, text: t.code }));
            // Display text is searched with :text; kept under a derived name so it never matches a code.
            if (t.text) rows.push(row(`${code}:text`, { text: foldString(t.text) }));
          }
        break;
      case 'reference':
        for (const tv of values) for (const r of referencesOf(tv)) rows.push(row(code, { text: r }));
        break;
      case 'uri':
        for (const tv of values) if (typeof tv.value === 'string') rows.push(row(code, { text: tv.value }));
        break;
      case 'date':
        for (const p of convertToSearchableDates(values))
          rows.push(row(code, { low: p.start ?? null, high: p.end ?? null }));
        break;
      case 'number':
        for (const [lo, hi] of convertToSearchableNumbers(values))
          rows.push(row(code, { nlow: lo ?? null, nhigh: hi ?? lo ?? null }));
        break;
      case 'quantity':
        for (const tv of values) {
          const q = tv.value as { value?: number; system?: string; code?: string; unit?: string } | undefined;
          if (typeof q?.value !== 'number') continue;
          rows.push(
            row(code, {
              nlow: q.value,
              nhigh: q.value,
              system: q.system ?? null,
              unit: q.code ?? q.unit ?? null,
            }),
          );
        }
        break;
    }
  }
  return distinctRows(rows);
}

/**
 * The rows without repeats: a value found twice (three participants with the same status) finds
 * the resource once, and each stored row costs its index entries.
 */
function distinctRows(rows: IndexRow[]): IndexRow[] {
  const seen = new Set<string>();
  const part = (v: string | number | null) => (v === null ? '\u0001' : String(v));
  return rows.filter((r) => {
    const key = [r.param, r.text, r.system, r.unit, r.low, r.high, r.nlow, r.nhigh].map(part).join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Patient ids whose compartment holds the resource, from the CompartmentDefinition's parameters. */
export function compartmentsOf(resource: FhirResource, rows: IndexRow[], params: string[]): string[] {
  const ids = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id) ids.add(resource.id);
  const wanted = new Set(params);
  for (const r of rows) {
    if (!wanted.has(r.param) || !r.text) continue;
    const m = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/.*)?$/.exec(r.text);
    if (m) ids.add(m[1]!);
  }
  return [...ids];
}

import { searchParametersOf } from '../definitions.js';
import { badRequest } from '../operation-outcome.js';
import { isSupportedType } from '../resource-types.js';
import type { SearchParameter } from '../types.js';
import { INDEXED_TYPES } from './extract.js';

export type ParamType = 'string' | 'token' | 'date' | 'reference' | 'quantity' | 'uri' | 'number';
export const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
export type Prefix = (typeof PREFIXES)[number];

/** One parameter occurrence: its values are OR-ed; occurrences are AND-ed. */
export type Criterion =
  | { kind: 'id'; values: string[]; not: boolean }
  | { kind: 'lastUpdated'; values: string[] }
  | { kind: 'missing'; code: string; missing: boolean }
  | { kind: 'index'; code: string; type: ParamType; modifier: string | null; values: string[] }
  | { kind: 'chain'; code: string; targets: string[]; next: Criterion }
  | { kind: 'has'; sourceType: string; refParam: string; next: Criterion };

export interface Include {
  sourceType: string;
  param: string;
  targetType: string | null;
}

export interface SortKey {
  code: string;
  desc: boolean;
}

export interface SearchQuery {
  resourceType: string;
  criteria: Criterion[];
  count: number;
  cursor: string | null;
  sort: SortKey[];
  total: 'none' | 'estimate' | 'accurate';
  summary: 'true' | 'false' | 'text' | 'data' | 'count';
  elements: string[] | null;
  include: Include[];
  revinclude: Include[];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

const RESULT_PARAMS = new Set([
  '_count',
  '_cursor',
  '_sort',
  '_total',
  '_summary',
  '_elements',
  '_include',
  '_revinclude',
  '_format',
  '_pretty',
]);
const MODIFIERS: Record<ParamType, string[]> = {
  string: ['exact', 'contains'],
  token: ['not', 'text'],
  reference: [],
  uri: ['below'],
  date: [],
  number: [],
  quantity: [],
};

/** Splits on commas not escaped with a backslash, and unescapes. */
export function splitValues(raw: string): string[] {
  return raw
    .split(/(?<!\\),/)
    .map((v) => v.replace(/\\([,$|\\])/g, '$1'))
    .filter((v) => v.length > 0);
}

function paramOf(resourceType: string, code: string): SearchParameter | undefined {
  const sp = searchParametersOf(resourceType)[code];
  return sp && INDEXED_TYPES.has(sp.type) ? sp : undefined;
}

/** Parses one `name[:modifier][.chain]=value` parameter of a type; throws a 400 on anything unknown. */
function parseCriterion(resourceType: string, name: string, raw: string): Criterion {
  if (name.startsWith('_has:')) {
    const [, sourceType, refParam, ...rest] = name.split(':');
    if (!sourceType || !refParam || !rest.length || !isSupportedType(sourceType)) {
      throw badRequest(`"${name}" is not a valid _has parameter`);
    }
    const ref = paramOf(sourceType, refParam);
    if (ref?.type !== 'reference') throw badRequest(`${sourceType}.${refParam} is not a reference parameter`);
    return { kind: 'has', sourceType, refParam, next: parseCriterion(sourceType, rest.join(':'), raw) };
  }
  const dot = name.indexOf('.');
  if (dot > 0) {
    const [code, targetHint] = name.slice(0, dot).split(':') as [string, string | undefined];
    const ref = paramOf(resourceType, code);
    if (ref?.type !== 'reference') throw badRequest(`"${code}" of ${resourceType} cannot be chained`);
    const rest = name.slice(dot + 1);
    const restCode = rest.split(/[.:]/)[0]!;
    const candidates = targetHint ? [targetHint] : (ref.target ?? []).filter((t) => isSupportedType(t));
    const targets = candidates.filter(
      (t) => isSupportedType(t) && (restCode === '_id' || paramOf(t, restCode)),
    );
    if (!targets.length)
      throw badRequest(`No target of ${resourceType}.${code} has a parameter "${restCode}"`);
    return { kind: 'chain', code, targets, next: parseCriterion(targets[0]!, rest, raw) };
  }
  const [code, modifier = null] = name.split(':') as [string, string | undefined];
  if (code === '_id') {
    if (modifier && modifier !== 'not') throw badRequest(`Modifier :${modifier} does not apply to _id`);
    return { kind: 'id', values: splitValues(raw), not: modifier === 'not' };
  }
  if (code === '_lastUpdated') {
    if (modifier) throw badRequest(`Modifier :${modifier} does not apply to _lastUpdated`);
    return { kind: 'lastUpdated', values: splitValues(raw) };
  }
  const sp = paramOf(resourceType, code);
  if (!sp) throw badRequest(`Unknown search parameter "${code}" for ${resourceType}`, [code]);
  const type = sp.type as ParamType;
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw badRequest(`${name} takes true or false`);
    return { kind: 'missing', code, missing: raw === 'true' };
  }
  if (modifier && type === 'reference' && isSupportedType(modifier)) {
    return { kind: 'index', code, type, modifier, values: splitValues(raw) };
  }
  if (modifier && !MODIFIERS[type].includes(modifier)) {
    throw badRequest(`Modifier :${modifier} does not apply to ${type} parameter "${code}"`);
  }
  const values = splitValues(raw);
  if (!values.length) throw badRequest(`"${name}" has no value`);
  return { kind: 'index', code, type, modifier, values };
}

function parseIncludes(values: string[], reverse: boolean, resourceType: string): Include[] {
  return values.map((v) => {
    const [sourceType, param, targetType = null] = v.replace(/:iterate$/, '').split(':') as [
      string,
      string?,
      string?,
    ];
    if (!sourceType || !param || !isSupportedType(sourceType))
      throw badRequest(`"${v}" is not a valid include`);
    if (!reverse && sourceType !== resourceType) throw badRequest(`_include must start with ${resourceType}`);
    if (paramOf(sourceType, param)?.type !== 'reference') {
      throw badRequest(`${sourceType}:${param} is not a reference parameter`);
    }
    return { sourceType, param, targetType };
  });
}

function one(name: string, values: string[]): string {
  if (values.length !== 1) throw badRequest(`${name} may be given once`);
  return values[0]!;
}

/**
 * Parses a search query. Unknown parameters are an error (strict), or ignored when the client
 * asked for `Prefer: handling=lenient`.
 */
export function parseSearch(
  resourceType: string,
  query: Record<string, string[]>,
  lenient: boolean,
): SearchQuery {
  const q: SearchQuery = {
    resourceType,
    criteria: [],
    count: DEFAULT_COUNT,
    cursor: null,
    sort: [],
    total: 'none',
    summary: 'false',
    elements: null,
    include: [],
    revinclude: [],
  };
  for (const [name, values] of Object.entries(query)) {
    if (RESULT_PARAMS.has(name)) {
      switch (name) {
        case '_count': {
          const v = one(name, values);
          if (!/^[0-9]{1,6}$/.test(v)) throw badRequest('_count must be a whole number');
          q.count = Math.min(Number(v), MAX_COUNT);
          break;
        }
        case '_cursor':
          q.cursor = one(name, values);
          break;
        case '_sort':
          q.sort = splitValues(one(name, values)).map((s) => {
            const desc = s.startsWith('-');
            const code = desc ? s.slice(1) : s;
            if (code !== '_id' && code !== '_lastUpdated' && !paramOf(resourceType, code)) {
              throw badRequest(`Cannot sort ${resourceType} by "${code}"`);
            }
            return { code, desc };
          });
          break;
        case '_total': {
          const v = one(name, values);
          if (v !== 'none' && v !== 'estimate' && v !== 'accurate')
            throw badRequest('_total is none, estimate or accurate');
          q.total = v;
          break;
        }
        case '_summary': {
          const v = one(name, values);
          if (!['true', 'false', 'text', 'data', 'count'].includes(v))
            throw badRequest('_summary is true, false, text, data or count');
          q.summary = v as SearchQuery['summary'];
          break;
        }
        case '_elements':
          q.elements = values.flatMap(splitValues);
          break;
        case '_include':
          q.include.push(...parseIncludes(values, false, resourceType));
          break;
        case '_revinclude':
          q.revinclude.push(...parseIncludes(values, true, resourceType));
          break;
      }
      continue;
    }
    for (const raw of values) {
      try {
        q.criteria.push(parseCriterion(resourceType, name, raw));
      } catch (error) {
        if (!lenient) throw error;
      }
    }
  }
  return q;
}

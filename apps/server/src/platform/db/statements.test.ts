import { describe, expect, it } from 'vitest';
import {
  shiftParameters,
  executePrepared,
  inline,
  literal,
  preparationsFor,
  statementRows,
  attachStatementRows,
} from './statements.js';

describe('literal', () => {
  it('quotes text, doubling quotes; backslashes take the E form with them doubled', () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal('a\\b')).toBe(" E'a\\\\b'");
    expect(literal("\\'; drop table x; --")).toBe(" E'\\\\''; drop table x; --'");
  });
  it('sends numbers, booleans, dates and objects as the driver would: as text', () => {
    expect(literal(21)).toBe("'21'");
    expect(literal(true)).toBe("'true'");
    expect(literal(new Date('2020-01-02T03:04:05.006Z'))).toBe("'2020-01-02T03:04:05.006Z'");
    expect(literal({ a: "it's" })).toBe(`'{"a":"it''s"}'`);
    expect(literal(null)).toBe('null');
    expect(literal(undefined)).toBe('null');
  });
  it('writes arrays as array literals, escaping their elements', () => {
    expect(literal(['a', null, 'b"c', 'd\\e'])).toBe(` E'{"a",NULL,"b\\\\"c","d\\\\\\\\e"}'`);
    expect(literal([])).toBe("'{}'");
  });
  it('refuses what PostgreSQL cannot hold rather than cutting it', () => {
    expect(() => literal('a\0b')).toThrow(/NUL/);
    expect(() => literal(new Date('nonsense'))).toThrow(/invalid date/);
  });
});

describe('inline', () => {
  it('puts each parameter in its place, $10 after $1', () => {
    const params = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    const sql = Array.from({ length: 10 }, (_, i) => `$${i + 1}`).join(', ');
    expect(inline({ sql: `select ${sql}`, parameters: params })).toBe(
      `select ${params.map((p) => `'${p}'`).join(', ')}`,
    );
  });
  it('refuses a placeholder without a parameter', () => {
    expect(() => inline({ sql: 'select $2', parameters: ['a'] })).toThrow(/no parameter/);
  });
});

describe('prepared statements', () => {
  it('names a text once and asks each connection to prepare it once', () => {
    const first = executePrepared({ sql: 'select $1::int + 1 as n', parameters: [41] });
    const again = executePrepared({ sql: 'select $1::int + 1 as n', parameters: [1] });
    const name = /^execute (\S+)\(/.exec(first)![1]!;
    expect(again).toBe(`execute ${name}('1')`);
    const connection = new Set<string>();
    const needed = preparationsFor(`begin; ${first}; commit`, connection);
    expect(needed).toEqual({ statements: `prepare ${name} as select $1::int + 1 as n`, names: [name] });
    for (const n of needed!.names) connection.add(n);
    expect(preparationsFor(`begin; ${again}; commit`, connection)).toBeNull();
    expect(preparationsFor('select 1', connection)).toBeNull();
  });
});

describe('statement rows', () => {
  it('reads back the rows of each statement of a message', () => {
    const rows = attachStatementRows([{ n: 2 }], [[], [{ n: 1 }], [{ n: 2 }]]);
    expect(statementRows({ rows })).toEqual([[], [{ n: 1 }], [{ n: 2 }]]);
    expect(statementRows({ rows: [{ n: 3 }] })).toEqual([[{ n: 3 }]]);
  });
});

describe('shiftParameters', () => {
  it('renumbers placeholders, not text that looks like one in literals or quoted names', () => {
    expect(shiftParameters(`select $1, $2::text, '$1 costs', "$3" from t where a = $10`, 4)).toBe(
      `select $5, $6::text, '$1 costs', "$3" from t where a = $14`,
    );
    expect(shiftParameters(`select 'it''s $1', $1`, 2)).toBe(`select 'it''s $1', $3`);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../platform/db/database.js';
import type { Tenant } from '../../platform/http/context.js';
import { toOutcome } from '../operation-outcome.js';
import type { Bundle } from '../types.js';
import { importForTenant } from './import.service.js';
import { count, emptyTally, mergeTally, ndjsonBundles, type ImportTally } from './importer.js';

const IMPORTABLE = /\.(json|ndjson)$/i;
const FACILITIES_FIRST = /^(hospital|practitioner|organization|location)/i;

/** The files to import, folders expanded; facility and clinician bundles go first. */
export function listImportFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (IMPORTABLE.test(f)) files.push(join(p, f));
    } else files.push(p);
  }
  const base = (f: string) => f.split('/').pop() ?? f;
  return [
    ...files.filter((f) => FACILITIES_FIRST.test(base(f))),
    ...files.filter((f) => !FACILITIES_FIRST.test(base(f))),
  ];
}

export interface FileResult {
  file: string;
  tally: ImportTally;
  error: string | null;
}

/** Imports files one by one; a failing file (or NDJSON chunk) is counted and the others go on. */
export async function importFiles(
  db: Db,
  tenant: Tenant,
  files: string[],
  base: string,
  onFile: (done: number, result: FileResult) => void,
): Promise<{ tally: ImportTally; failedFiles: FileResult[] }> {
  const tally = emptyTally();
  const failedFiles: FileResult[] = [];
  for (const [i, file] of files.entries()) {
    const result: FileResult = { file, tally: emptyTally(), error: null };
    try {
      const text = readFileSync(file, 'utf8');
      const bundles: Bundle[] = /\.ndjson$/i.test(file) ? ndjsonBundles(text) : [JSON.parse(text) as Bundle];
      for (const bundle of bundles) {
        try {
          mergeTally(result.tally, await importForTenant(db, tenant, bundle, base, `import-${i}`));
        } catch (error) {
          for (const e of bundle.entry ?? [])
            count(result.tally, e.resource?.resourceType ?? 'unknown', 'failed');
          result.error = toOutcome(error).outcome.issue[0]?.diagnostics ?? String(error);
        }
      }
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    if (result.error) failedFiles.push(result);
    mergeTally(tally, result.tally);
    onFile(i + 1, result);
  }
  return { tally, failedFiles };
}

/** The summary table: one line per resource type. */
export function formatTally(tally: ImportTally): string {
  const head = `${'type'.padEnd(24)}${'created'.padStart(9)}${'updated'.padStart(9)}${'unchanged'.padStart(11)}${'failed'.padStart(8)}`;
  const lines = Object.entries(tally)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, c]) =>
        `${type.padEnd(24)}${String(c.created).padStart(9)}${String(c.updated).padStart(9)}${String(c.unchanged).padStart(11)}${String(c.failed).padStart(8)}`,
    );
  return [head, ...lines].join('\n');
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared Synthea fixtures, found from the repository root. */
export const syntheaDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures/synthea',
);

export function syntheaFiles(): string[] {
  const all = readdirSync(syntheaDir).filter((f) => f.endsWith('.json'));
  // Facilities and clinicians first, as an EHR export is loaded.
  const first = all.filter((f) => /^(hospital|practitioner)Information/.test(f));
  return [...first, ...all.filter((f) => !first.includes(f)).sort()].map((f) => join(syntheaDir, f));
}

export const readBundle = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

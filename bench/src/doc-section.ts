import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const BENCHMARKS_FILE = join(repoRoot, 'docs/benchmarks.md');

/**
 * Each benchmark (`npm run bench`, `bench:fhir`, `bench:scheduling`, `bench:billing`) owns one
 * section of docs/benchmarks.md between two markers, so running one never erases the others.
 */
export function writeBenchSection(name: string, markdown: string, file = BENCHMARKS_FILE): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? current.slice(0, start) + block + current.slice(stop + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

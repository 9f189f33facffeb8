import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/src/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * API_PROCESSES on the embedded PGlite database: refused at start, because PGlite belongs to one
 * process. (Several processes on PostgreSQL: api-processes.two-process.int.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startProcess } from './server-process.js';

describe('API_PROCESSES without DATABASE_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'accompany-api-processes-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses API_PROCESSES=2 at start with exit code 78 and says why', async () => {
    // An empty DATABASE_URL counts as unset: the embedded PGlite database.
    const server = await startProcess('', dataDir, { API_PROCESSES: '2' });
    const code = await new Promise<number | null>((r) => server.child.once('close', (c) => r(c)));
    expect(code).toBe(78);
    const output = server.output.join('');
    expect(output).toContain('API_PROCESSES=2');
    expect(output).toContain('needs DATABASE_URL');
    expect(output).toContain('PGlite database belongs to one process');
  });
});

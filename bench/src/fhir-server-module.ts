import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

/**
 * Loads a server module at run time (tsx compiles it): the bench project type-checks on its
 * own, so the server's code is reached through the few members used here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const serverModule = async (path: string): Promise<any> =>
  import(pathToFileURL(join(repoRoot, 'apps/server/src', path)).href);

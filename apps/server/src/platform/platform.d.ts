import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from './db/database.js';
import type { Keyring } from './crypto/tokens.js';
import type { CookieJar } from './http/cookies.js';
import type { TenantDirectory } from './tenancy/tenants.js';
import type { JobQueue } from './jobs/queue.js';
/** The shared pieces every module is handed at start-up (no module-level singletons). */
export interface Platform {
    config: Config;
    db: Db;
    dbKind: 'pglite' | 'postgres';
    keyring: Keyring;
    cookies: CookieJar;
    tenants: TenantDirectory;
    jobs: JobQueue;
    log: Logger;
}

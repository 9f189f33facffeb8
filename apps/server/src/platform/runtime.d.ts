import { type Logger } from 'pino';
import type { Config } from '../config.js';
import { type DatabaseHandle } from './db/database.js';
import { Worker } from './jobs/worker.js';
import { type Mailer } from './notify/mailer.js';
import type { Platform } from './platform.js';
/** The redaction list: belt and braces, since nothing logs bodies in the first place. */
export declare const logRedactions: string[];
export declare function createLogger(config: Config): Logger;
export interface Runtime {
    platform: Platform;
    database: DatabaseHandle;
    mailer: Mailer;
    worker: Worker;
    close(): Promise<void>;
}
/** Opens the database, applies migrations and assembles the shared platform pieces. */
export declare function startRuntime(config: Config, options?: {
    memory?: boolean;
    log?: Logger;
}): Promise<Runtime>;

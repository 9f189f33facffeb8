import type { Scope } from '../http/context.js';
import type { JobQueue, JobRow } from '../jobs/queue.js';
import type { Db } from '../db/database.js';
import type { Mailer } from './mailer.js';
import { type Locale, type TemplateName } from './templates.js';
export declare const EMAIL_QUEUE = "email.deliver";
export interface EmailRequest {
    to: string;
    userId: string | null;
    template: TemplateName;
    locale: Locale;
    /** Only what the template needs; links carry the secrets, and the row is deleted once sent. */
    data: Record<string, string>;
}
/**
 * Queues an email in the caller's transaction: it goes out only if the change that
 * caused it commits, and a crash between commit and send loses nothing.
 */
export declare function queueEmail(scope: Scope, jobs: JobQueue, email: EmailRequest): Promise<void>;
/** The job that renders and sends one outbox row. */
export declare function emailDeliveryHandler(db: Db, mailer: Mailer): (job: JobRow) => Promise<void>;

import type { Db } from '../db/database.js';
import type { RenderedMail } from './templates.js';
export interface OutgoingMail extends RenderedMail {
    tenantId: string;
    to: string;
    template: string;
}
export interface Mailer {
    readonly catching: boolean;
    send(mail: OutgoingMail): Promise<void>;
    close(): void;
}
/** Real delivery over SMTP. */
export declare function smtpMailer(url: string, from: string): Mailer;
/**
 * Demo mode: with no SMTP server configured, mail is kept in the database (per tenant)
 * and shown to admins in the console, so sign-up works out of the box. The message is
 * still built by nodemailer, so what is kept is what would have been sent.
 */
export declare function catchingMailer(db: Db, from: string): Mailer;

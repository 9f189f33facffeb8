import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/database.js';
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
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    catching: false,
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close: () => transport.close(),
  };
}

/**
 * Demo mode: with no SMTP server configured, mail is kept in the database (per tenant)
 * and shown to admins in the console, so sign-up works out of the box. The message is
 * still built by nodemailer, so what is kept is what would have been sent.
 */
export function catchingMailer(db: Db, from: string): Mailer {
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    catching: true,
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      await inTenant(db, mail.tenantId, (tx) =>
        tx
          .insertInto('caught_mail')
          .values({
            tenant_id: mail.tenantId,
            to_address: mail.to,
            subject: mail.subject,
            template: mail.template,
            text_body: mail.text,
            html_body: mail.html,
          })
          .execute(),
      );
    },
    close: () => transport.close(),
  };
}

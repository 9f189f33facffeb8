import type { Scope } from '../http/context.js';
import { randomUUID } from 'node:crypto';
import type { JobQueue, JobRow, NewJob } from '../jobs/queue.js';
import type { Statement } from '../db/together.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/database.js';
import type { Mailer } from './mailer.js';
import { renderMail, type Locale, type TemplateName } from './templates.js';

export const EMAIL_QUEUE = 'email.deliver';

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
export async function queueEmail(scope: Scope, jobs: JobQueue, email: EmailRequest): Promise<void> {
  const id = randomUUID();
  await outboxInsert(scope, email, id).execute();
  await jobs.enqueue(scope.tx, scope.tenant.id, EMAIL_QUEUE, { outboxId: id }, { maxAttempts: 8 });
}

/**
 * The same as `queueEmail`, as an outbox insert and the delivery job for the caller to write
 * with its other writes in one statement (the outbox id is made here, so neither waits for the
 * other). The caller wakes the queue after the insert (`JobQueue.wakeSoon`).
 */
export function emailWrites(scope: Scope, email: EmailRequest): { outbox: Statement; job: NewJob } {
  const id = randomUUID();
  const outbox = outboxInsert(scope, email, id);
  return { outbox, job: { queue: EMAIL_QUEUE, payload: { outboxId: id }, maxAttempts: 8 } };
}

function outboxInsert(scope: Scope, email: EmailRequest, id: string) {
  return scope.tx.insertInto('outbox').values({
    id,
    tenant_id: scope.tenant.id,
    channel: 'email',
    user_id: email.userId,
    to_address: email.to,
    template: email.template,
    locale: email.locale,
    data: JSON.stringify(email.data),
  });
}

/** The job that renders and sends one outbox row. */
export function emailDeliveryHandler(db: Db, mailer: Mailer) {
  return async (job: JobRow) => {
    const outboxId = String(job.payload.outboxId);
    const row = await inTenant(db, job.tenantId, async (tx) => {
      const found = await tx.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
      const tenant = await tx
        .selectFrom('tenants')
        .select('name')
        .where('id', '=', job.tenantId)
        .executeTakeFirstOrThrow();
      return found ? { ...found, organization: tenant.name } : undefined;
    });
    if (!row || row.status === 'sent') return;
    const data = { ...(row.data as Record<string, string>), organization: row.organization };
    const mail = renderMail(row.template as TemplateName, row.locale as Locale, data);
    await mailer.send({ ...mail, tenantId: job.tenantId, to: row.to_address, template: row.template });
    // The link inside was a bearer secret: keep that the mail went out, not what it said.
    await inTenant(db, job.tenantId, (tx) =>
      tx
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: new Date(), data: '{}' })
        .where('id', '=', outboxId)
        .execute(),
    );
  };
}

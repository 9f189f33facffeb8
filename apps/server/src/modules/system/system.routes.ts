import { CaughtMail, CaughtMailSummary, DeadJob, Uuid } from '@accompany/contracts';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute, NO_CONTENT, type AnyRoute } from '../../platform/http/route.js';
import { AppError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/notify/mailer.js';

const tags = ['system'];
const admin = ['admin'] as const;

/** Admin views of the platform itself: the demo mail catcher and the dead-letter jobs. */
export function systemRoutes(mailer: Mailer): AnyRoute[] {
  const requireCatcher = () => {
    if (!mailer.catching)
      throw new AppError('not_found', 'Mail goes out over SMTP; there is no mail catcher');
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/staff/mail',
      summary: 'Demo mode: mail the system would have sent',
      tags,
      access: admin,
      query: z.strictObject({ to: z.string().max(254).optional() }),
      response: z.object({ items: z.array(CaughtMailSummary) }),
      handler: async ({ query }, ctx) => {
        requireCatcher();
        let q = ctx.scope.tx
          .selectFrom('caught_mail')
          .select(['id', 'to_address', 'subject', 'template', 'created_at']);
        if (query.to) q = q.where('to_address', '=', query.to.toLowerCase());
        const rows = await q.orderBy('created_at', 'desc').limit(100).execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            to: r.to_address,
            subject: r.subject,
            template: r.template,
            createdAt: r.created_at.toISOString(),
          })),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/mail/:id',
      summary: 'Demo mode: one caught mail',
      tags,
      access: admin,
      params: z.strictObject({ id: Uuid }),
      response: CaughtMail,
      handler: async ({ params }, ctx) => {
        requireCatcher();
        const r = await ctx.scope.tx
          .selectFrom('caught_mail')
          .selectAll()
          .where('id', '=', params.id)
          .executeTakeFirst();
        if (!r) throw new AppError('not_found', 'No such mail');
        return {
          id: r.id,
          to: r.to_address,
          subject: r.subject,
          template: r.template,
          createdAt: r.created_at.toISOString(),
          text: r.text_body,
          html: r.html_body,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/staff/jobs/dead',
      summary: 'Jobs that failed every retry',
      tags,
      access: admin,
      response: z.object({ items: z.array(DeadJob) }),
      handler: async (_i, ctx) => {
        const rows = await ctx.scope.tx
          .selectFrom('jobs')
          .select(['id', 'queue', 'attempts', 'last_error', 'finished_at', 'created_at'])
          .where('status', '=', 'dead')
          .orderBy('finished_at', 'desc')
          .limit(200)
          .execute();
        return {
          items: rows.map((r) => ({
            id: r.id,
            queue: r.queue,
            attempts: r.attempts,
            lastError: r.last_error,
            failedAt: r.finished_at?.toISOString() ?? null,
            createdAt: r.created_at.toISOString(),
          })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/staff/jobs/:id/retry',
      summary: 'Put a dead job back in its queue',
      tags,
      access: admin,
      params: z.strictObject({ id: Uuid }),
      handler: async ({ params }, ctx) => {
        const r = await ctx.scope.tx
          .updateTable('jobs')
          .set({ status: 'queued', attempts: 0, run_at: sql`now()`, finished_at: null })
          .where('id', '=', params.id)
          .where('status', '=', 'dead')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new AppError('not_found', 'No dead job with that id');
        return NO_CONTENT;
      },
    }),
  ];
}

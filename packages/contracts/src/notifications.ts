import { z } from 'zod';
import { Uuid } from './common.js';

export const Notification = z.object({
  id: Uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;

export const CaughtMailSummary = z.object({
  id: Uuid,
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  createdAt: z.string(),
});
export type CaughtMailSummary = z.infer<typeof CaughtMailSummary>;
export const CaughtMail = CaughtMailSummary.extend({ text: z.string(), html: z.string() });
export type CaughtMail = z.infer<typeof CaughtMail>;

export const DeadJob = z.object({
  id: Uuid,
  queue: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  failedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type DeadJob = z.infer<typeof DeadJob>;

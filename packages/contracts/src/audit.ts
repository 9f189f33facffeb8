import { z } from 'zod';
import { Role, Uuid } from './common.js';

export const auditActions = ['read', 'search', 'create', 'update', 'delete', 'export'] as const;
export const AuditEntry = z.object({
  id: Uuid,
  at: z.string(),
  actorId: Uuid.nullable(),
  actorName: z.string().nullable(),
  actorRole: Role.nullable(),
  patientId: Uuid.nullable(),
  action: z.enum(auditActions),
  objectType: z.string(),
  objectId: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'error']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The SMART app the access went through, when it did. */
  appClientId: z.string().nullable().optional(),
  appName: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditQuery = z.strictObject({
  patientId: Uuid.optional(),
  actorId: Uuid.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
/** What a patient sees in "who looked at my record": no addresses of other people. */
export const AccessLogEntry = z.object({
  at: z.string(),
  who: z.string(),
  role: Role.nullable(),
  action: z.enum(auditActions),
  what: z.string(),
  /** 'app' when a connected app made the access ("who" is then the app's name). */
  actorKind: z.enum(['person', 'app']).optional(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;

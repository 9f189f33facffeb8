import {
  AuditEntry,
  AuditQuery,
  Invitation,
  InviteBody,
  PatientSummary,
  PatientsQuery,
  UpdateUserBody,
  UserSummary,
  UsersQuery,
  Uuid,
} from '@accompany/contracts';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { invite, listInvitations } from './invitations.service.js';
import { listUsers, updateUser } from './users.service.js';
import { chartRoles, findPatients, getPatientForStaff } from '../patients/patients.service.js';
import { auditTrail } from '../audit-log/audit-log.service.js';

const tags = ['staff'];
const admin = ['admin'] as const;
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const staffRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/staff/users',
    summary: 'Accounts of the organization',
    tags,
    access: admin,
    query: UsersQuery,
    response: page(UserSummary),
    handler: async ({ query }, ctx) => listUsers(ctx.scope, query),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/staff/users/:id',
    summary: 'Change a staff role, or disable or re-enable an account',
    tags,
    access: admin,
    params: z.strictObject({ id: Uuid }),
    body: UpdateUserBody,
    response: UserSummary,
    handler: async ({ params, body }, ctx) => updateUser(ctx.scope, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/invitations',
    summary: 'Staff invitations',
    tags,
    access: admin,
    response: z.object({ items: z.array(Invitation) }),
    handler: async (_i, ctx) => listInvitations(ctx.scope),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/invitations',
    summary: 'Invite a staff member by email',
    tags,
    access: admin,
    body: InviteBody,
    status: 201,
    response: Invitation,
    handler: async ({ body }, ctx) => invite(ctx.scope, ctx.platform, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/patients',
    summary: 'Find patients by name, MRN or email',
    tags,
    access: chartRoles,
    query: PatientsQuery,
    response: page(PatientSummary),
    handler: async ({ query }, ctx) => findPatients(ctx.scope, query.q, query.cursor, query.limit),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/patients/:id',
    summary: 'A patient',
    tags,
    access: chartRoles,
    params: z.strictObject({ id: Uuid }),
    response: PatientSummary,
    handler: async ({ params }, ctx) => getPatientForStaff(ctx.scope, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/patients/:id/access-log',
    summary: "A patient's access log",
    tags,
    access: admin,
    params: z.strictObject({ id: Uuid }),
    query: z.strictObject({ cursor: z.string().max(200).optional() }),
    response: page(AuditEntry),
    handler: async ({ params, query }, ctx) =>
      auditTrail(ctx.scope, { patientId: params.id, cursor: query.cursor, limit: 50 }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/audit',
    summary: 'The audit trail',
    tags,
    access: admin,
    query: AuditQuery,
    response: page(AuditEntry),
    handler: async ({ query }, ctx) => auditTrail(ctx.scope, query),
  }),
];

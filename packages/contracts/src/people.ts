import { z } from 'zod';
import { Email, IsoDate, Locale, PersonName, Role, StaffRole, Uuid } from './common.js';

export const Profile = z.object({
  id: Uuid,
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  phone: z.string().nullable(),
  locale: Locale,
  role: Role,
  birthDate: z.string().nullable(),
  mrn: z.string().nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const UpdateProfileBody = z.strictObject({
  givenName: PersonName.optional(),
  familyName: PersonName.optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'Enter a phone number')
    .nullable()
    .optional(),
  locale: Locale.optional(),
});

export const UserSummary = z.object({
  id: Uuid,
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  role: Role,
  status: z.enum(['active', 'disabled', 'unverified']),
  totpEnabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UsersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const UpdateUserBody = z.strictObject({
  role: StaffRole.optional(),
  disabled: z.boolean().optional(),
});

export const InviteBody = z.strictObject({
  email: Email,
  role: StaffRole,
  givenName: PersonName,
  familyName: PersonName,
  locale: Locale.default('en'),
});
export const Invitation = z.object({
  id: Uuid,
  email: z.string(),
  role: Role,
  givenName: z.string(),
  familyName: z.string(),
  status: z.enum(['pending', 'accepted', 'expired']),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type Invitation = z.infer<typeof Invitation>;

export const PatientSummary = z.object({
  id: Uuid,
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: IsoDate,
  email: z.string().nullable(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;
export const PatientsQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

import { z } from 'zod';

export const locales = ['en', 'es'] as const;
export const Locale = z.enum(locales);
export type Locale = z.infer<typeof Locale>;

export const roles = ['patient', 'front_desk', 'clinician', 'billing', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
export const staffRoles = ['front_desk', 'clinician', 'billing', 'admin'] as const;
export const StaffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof StaffRole>;

export const Uuid = z.uuid();
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .transform((v) => v.toLowerCase());
/** NIST 800-63B: length over composition rules; the upper bound keeps hashing cheap. */
export const Password = z.string().min(10, 'Use at least 10 characters').max(200);
export const PersonName = z.string().trim().min(1).max(100);
export const IsoDate = z.iso.date();
export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code');
export const Token = z
  .string()
  .min(20)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);

/** RFC 9457 problem details, the one error shape of /api. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const PageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/**
 * Runtime copies of the enums in @accompany/contracts. Importing the contracts' values would pull
 * zod into the bundle; the types keep these honest and a unit test checks they match exactly.
 */
import type { Role, StaffRole } from '@accompany/contracts';

export const roles = [
  'patient',
  'front_desk',
  'clinician',
  'billing',
  'admin',
] as const satisfies readonly Role[];
export const staffRoles = [
  'front_desk',
  'clinician',
  'billing',
  'admin',
] as const satisfies readonly StaffRole[];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

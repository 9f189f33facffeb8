import { z } from 'zod';
import { IsoDate, Token, Uuid } from './common.js';

// Directory ------------------------------------------------------------------------------------

export const specialties = [
  'family_medicine',
  'internal_medicine',
  'pediatrics',
  'orthopedics',
  'dermatology',
  'cardiology',
  'obstetrics_gynecology',
  'behavioral_health',
] as const;
export const Specialty = z.enum(specialties);
export type Specialty = z.infer<typeof Specialty>;
export const Gender = z.enum(['female', 'male', 'nonbinary']);
export const VisitMode = z.enum(['in_person', 'video']);
const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'A two-letter language code');
const PlanCode = z.string().regex(/^[a-z0-9_]{2,40}$/, 'A plan code: lower-case letters, digits, _');
const Text = (max: number) => z.string().trim().max(max);

export const LocationSummary = z.object({
  id: Uuid,
  name: z.string(),
  line1: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  hours: z.string().nullable(),
  accessibilityNotes: z.string().nullable(),
});
export type LocationSummary = z.infer<typeof LocationSummary>;

export const ProviderSummary = z.object({
  id: Uuid,
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  credentials: z.string(),
  specialties: z.array(z.string()),
  languages: z.array(z.string()),
  gender: Gender.nullable(),
  bio: z.string(),
  photoUrl: z.string().nullable(),
  acceptingNewPatients: z.boolean(),
  insurancePlans: z.array(z.string()),
  active: z.boolean(),
  locationIds: z.array(Uuid),
});
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const VisitType = z.object({
  id: Uuid,
  code: z.string(),
  nameEn: z.string(),
  nameEs: z.string(),
  minutes: z.number().int(),
  mode: VisitMode,
  patientStatus: z.enum(['new', 'established', 'any']),
  specialties: z.array(z.string()),
  selfBookable: z.boolean(),
  instructionsEn: z.string(),
  instructionsEs: z.string(),
  cancelWindowHours: z.number().int(),
  active: z.boolean(),
});
export type VisitType = z.infer<typeof VisitType>;

export const Directory = z.object({
  providers: z.array(ProviderSummary),
  locations: z.array(LocationSummary),
  visitTypes: z.array(VisitType),
});
export type Directory = z.infer<typeof Directory>;

export const ProviderUpdate = z.strictObject({
  givenName: Text(100).min(1).optional(),
  familyName: Text(100).min(1).optional(),
  credentials: Text(60).optional(),
  specialties: z.array(Specialty).min(1).max(8).optional(),
  languages: z.array(LanguageCode).min(1).max(10).optional(),
  gender: Gender.nullable().optional(),
  bio: Text(1000).optional(),
  acceptingNewPatients: z.boolean().optional(),
  insurancePlans: z.array(PlanCode).max(40).optional(),
  active: z.boolean().optional(),
});
export type ProviderUpdate = z.infer<typeof ProviderUpdate>;
export const ProviderCreate = ProviderUpdate.required({
  givenName: true,
  familyName: true,
  specialties: true,
}).extend({ locationId: Uuid });
export type ProviderCreate = z.infer<typeof ProviderCreate>;

export const VisitTypeUpdate = z.strictObject({
  nameEn: Text(100).min(1).optional(),
  nameEs: Text(100).min(1).optional(),
  minutes: z.number().int().min(5).max(480).multipleOf(5).optional(),
  selfBookable: z.boolean().optional(),
  instructionsEn: Text(1000).optional(),
  instructionsEs: Text(1000).optional(),
  cancelWindowHours: z.number().int().min(0).max(336).optional(),
  active: z.boolean().optional(),
});
export type VisitTypeUpdate = z.infer<typeof VisitTypeUpdate>;

export const LocationUpdate = z.strictObject({
  name: Text(120).min(1).optional(),
  phone: Text(40).nullable().optional(),
  hours: Text(200).nullable().optional(),
  accessibilityNotes: Text(500).nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});
export type LocationUpdate = z.infer<typeof LocationUpdate>;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'A time HH:MM');
const Range = z.strictObject({ start: TimeOfDay, end: TimeOfDay });
export const WeeklyHours = z.strictObject({
  monday: z.array(Range).max(6).optional(),
  tuesday: z.array(Range).max(6).optional(),
  wednesday: z.array(Range).max(6).optional(),
  thursday: z.array(Range).max(6).optional(),
  friday: z.array(Range).max(6).optional(),
  saturday: z.array(Range).max(6).optional(),
  sunday: z.array(Range).max(6).optional(),
});
export const ScheduleBody = z.strictObject({
  locationId: Uuid,
  weekly: WeeklyHours,
  dailyCap: z.number().int().min(0).max(100).nullable(),
});
export const ScheduleExceptionBody = z.strictObject({
  locationId: Uuid,
  date: IsoDate,
  ranges: z.array(Range).max(6),
  reason: Text(200),
});

// Search ---------------------------------------------------------------------------------------

const Num = (pattern: RegExp) =>
  z
    .string()
    .max(20)
    .regex(pattern, 'A number')
    .transform((v) => Number(v));
export const SearchQuery = z.strictObject({
  reason: Text(100).optional(),
  specialty: Specialty.optional(),
  name: Text(100).optional(),
  zip: z
    .string()
    .regex(/^\d{5}$/, 'A 5-digit ZIP code')
    .optional(),
  lat: Num(/^-?\d{1,2}(\.\d{1,8})?$/).optional(),
  lon: Num(/^-?\d{1,3}(\.\d{1,8})?$/).optional(),
  insurance: PlanCode.optional(),
  language: LanguageCode.optional(),
  gender: Gender.optional(),
  when: z.enum(['next_available', 'this_week', 'mornings', 'afternoons']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  visitType: z
    .string()
    .regex(/^[a-z0-9_]{2,40}$/)
    .optional(),
  sort: z.enum(['soonest', 'nearest']).optional(),
  limit: Num(/^\d{1,2}$/)
    .pipe(z.number().int().min(1).max(50))
    .optional(),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export const OpenSlot = z.object({ start: z.string(), end: z.string() });
export type OpenSlot = z.infer<typeof OpenSlot>;

export const SearchResult = z.object({
  provider: ProviderSummary,
  location: LocationSummary,
  visitType: VisitType,
  distanceMiles: z.number().nullable(),
  nextSlots: z.array(OpenSlot),
});
export type SearchResult = z.infer<typeof SearchResult>;
export const SearchResponse = z.object({
  items: z.array(SearchResult),
  emergency: z.boolean(),
  matchedSpecialties: z.array(z.string()),
});
export type SearchResponse = z.infer<typeof SearchResponse>;

export const SlotsQuery = z.strictObject({
  visitTypeId: Uuid,
  locationId: Uuid,
  from: IsoDate,
  days: Num(/^\d{1,2}$/)
    .pipe(z.number().int().min(1).max(90))
    .optional(),
});
export const SlotsResponse = z.object({ timeZone: z.string(), slots: z.array(OpenSlot) });
export type SlotsResponse = z.infer<typeof SlotsResponse>;

// Appointments ---------------------------------------------------------------------------------

export const appointmentStatuses = [
  'held',
  'booked',
  'checked_in',
  'completed',
  'no_show',
  'cancelled',
  'expired',
] as const;
export const AppointmentStatus = z.enum(appointmentStatuses);
const Instant = z.iso.datetime({ offset: true });

export const Appointment = z.object({
  id: Uuid,
  kind: z.enum(['visit', 'block']),
  status: AppointmentStatus,
  start: z.string(),
  end: z.string(),
  timeZone: z.string(),
  holdExpiresAt: z.string().nullable(),
  provider: z.object({ id: Uuid, name: z.string(), credentials: z.string() }),
  location: z.object({ id: Uuid, name: z.string(), line1: z.string(), city: z.string() }),
  visitType: z
    .object({
      id: Uuid,
      code: z.string(),
      nameEn: z.string(),
      nameEs: z.string(),
      mode: VisitMode,
      instructionsEn: z.string(),
      instructionsEs: z.string(),
      cancelWindowHours: z.number().int(),
    })
    .nullable(),
  patient: z.object({ id: Uuid, name: z.string(), mrn: z.string() }).nullable(),
  reason: z.string(),
  cancelReason: z.string().nullable(),
  lateCancel: z.boolean(),
  confirmedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  /** Until when the patient may cancel or move it themselves; null when that has passed or does not apply. */
  selfServiceUntil: z.string().nullable(),
});
export type Appointment = z.infer<typeof Appointment>;

export const HoldBody = z.strictObject({
  providerId: Uuid,
  locationId: Uuid,
  visitTypeId: Uuid,
  start: Instant,
});
export type HoldBody = z.infer<typeof HoldBody>;
export const BookBody = z.strictObject({
  providerId: Uuid,
  locationId: Uuid,
  visitTypeId: Uuid,
  start: Instant,
  reason: Text(500).optional(),
  holdId: Uuid.optional(),
});
export type BookBody = z.infer<typeof BookBody>;
export const StaffBookBody = BookBody.extend({ patientId: Uuid });
export type StaffBookBody = z.infer<typeof StaffBookBody>;
export const CancelBody = z.strictObject({ reason: Text(500).min(1, 'Say why, in a few words') });
export const RescheduleBody = z.strictObject({
  start: Instant,
  providerId: Uuid.optional(),
  locationId: Uuid.optional(),
});
export type RescheduleBody = z.infer<typeof RescheduleBody>;
export const BlockBody = z.strictObject({
  providerId: Uuid,
  locationId: Uuid,
  start: Instant,
  end: Instant,
  reason: Text(200).min(1),
});
export type BlockBody = z.infer<typeof BlockBody>;
export const LinkTokenBody = z.strictObject({ token: Token });
export const LinkTokenQuery = z.strictObject({ token: Token });

/** 409 for a taken time: the problem+json carries the next open times of the same provider. */
export const SlotTakenProblemExtra = z.object({ nextSlots: z.array(OpenSlot) });

export const ScheduleQuery = z.strictObject({
  providerId: Uuid.optional(),
  locationId: Uuid.optional(),
  from: IsoDate,
  days: Num(/^\d{1,2}$/)
    .pipe(z.number().int().min(1).max(14))
    .optional(),
});

// Waitlist -------------------------------------------------------------------------------------

export const WaitlistBody = z.strictObject({ appointmentId: Uuid });
export const WaitlistEntry = z.object({
  id: Uuid,
  status: z.enum(['waiting', 'offered', 'fulfilled', 'withdrawn']),
  appointmentId: Uuid.nullable(),
  providerId: Uuid,
  providerName: z.string(),
  patient: z.object({ id: Uuid, name: z.string() }).nullable(),
  beforeAt: z.string(),
  createdAt: z.string(),
  offer: z
    .object({ id: Uuid, start: z.string(), end: z.string(), expiresAt: z.string(), status: z.string() })
    .nullable(),
});
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;

// Organization settings ------------------------------------------------------------------------

export const SchedulingSettings = z.strictObject({
  /** Minutes before the start at which reminders go out, e.g. [10080, 1440, 120]. */
  reminderOffsetsMinutes: z.array(z.number().int().min(15).max(43_200)).max(5),
  holdMinutes: z.number().int().min(1).max(30),
  offerMinutes: z.number().int().min(5).max(1440),
});
export type SchedulingSettings = z.infer<typeof SchedulingSettings>;

// The code systems and extensions the scheduling resources use. Specialties and visit types are
// the organization's own codes, so they carry the organization's own systems.

export const SPECIALTY_SYSTEM = 'urn:accompany:specialty';
export const VISIT_TYPE_SYSTEM = 'urn:accompany:visit-type';
export const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
/** The IANA time zone of a Location (the core extension from R5, usable in R4). */
export const TIME_ZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';
/** When a pending (held) Appointment is released if it is not booked. */
export const HOLD_EXPIRES_EXTENSION = 'urn:accompany:fhir:hold-expires-at';
/** A proposed Appointment's slot: provider, location, visit type and start, stable across calls. */
export const SLOT_IDENTIFIER_SYSTEM = 'urn:accompany:slot';

export const specialtyConcept = (code: string) => ({
  coding: [{ system: SPECIALTY_SYSTEM, code, display: code.replace(/_/g, ' ') }],
  text: code.replace(/_/g, ' '),
});

export const visitTypeConcept = (v: { code: string; name_en: string }) => ({
  coding: [{ system: VISIT_TYPE_SYSTEM, code: v.code, display: v.name_en }],
  text: v.name_en,
});

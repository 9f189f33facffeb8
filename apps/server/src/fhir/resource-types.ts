/** The resource types the door serves: what a patient portal needs, and ImagingStudy from EHR exports. */
export const RESOURCE_TYPES = [
  'Patient',
  'RelatedPerson',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'Procedure',
  'MedicationRequest',
  'Medication',
  'AllergyIntolerance',
  'Immunization',
  'CarePlan',
  'Goal',
  'CareTeam',
  'DocumentReference',
  'Binary',
  'Coverage',
  'Claim',
  'ExplanationOfBenefit',
  'Provenance',
  'AuditEvent',
  'Consent',
  'Questionnaire',
  'QuestionnaireResponse',
  'Communication',
  'Appointment',
  'Slot',
  'Schedule',
  'HealthcareService',
  'ImagingStudy',
  'Group',
  'RiskAssessment',
] as const;

const SUPPORTED = new Set<string>(RESOURCE_TYPES);

export const isSupportedType = (type: string) => SUPPORTED.has(type);

/** FHIR ids: 1 to 64 of A-Z a-z 0-9 - . */
export const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

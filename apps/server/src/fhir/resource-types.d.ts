/** The resource types the door serves: what a patient portal needs, and ImagingStudy from EHR exports. */
export declare const RESOURCE_TYPES: readonly ["Patient", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization", "Location", "Encounter", "Condition", "Observation", "DiagnosticReport", "Procedure", "MedicationRequest", "Medication", "AllergyIntolerance", "Immunization", "CarePlan", "Goal", "CareTeam", "DocumentReference", "Binary", "Coverage", "Claim", "ExplanationOfBenefit", "Provenance", "AuditEvent", "Consent", "Questionnaire", "QuestionnaireResponse", "Communication", "Appointment", "Slot", "Schedule", "ImagingStudy", "Group", "RiskAssessment"];
export declare const isSupportedType: (type: string) => boolean;
/** FHIR ids: 1 to 64 of A-Z a-z 0-9 - . */
export declare const ID_PATTERN: RegExp;

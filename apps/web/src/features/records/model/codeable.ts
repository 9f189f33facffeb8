import type { CodeableConcept, Coding } from './fhir-types';

/** What a person should read for a coded element: its text, else the first display, else the code. */
export function conceptText(concept: CodeableConcept | undefined, fallback = ''): string {
  if (!concept) return fallback;
  if (concept.text?.trim()) return concept.text.trim();
  const display = concept.coding?.find((c) => c.display?.trim())?.display?.trim();
  if (display) return display;
  return concept.coding?.find((c) => c.code)?.code ?? fallback;
}

export function hasCode(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return concept?.coding?.some((c) => c.system === system && c.code === code) ?? false;
}

export function firstCoding(concept: CodeableConcept | undefined, system?: string): Coding | undefined {
  return concept?.coding?.find((c) => c.code && (system === undefined || c.system === system));
}

/** `system|code` of the first coding: the identity used to group repeated results. */
export function conceptKey(concept: CodeableConcept | undefined): string {
  const coding = firstCoding(concept);
  if (coding?.code) return `${coding.system ?? ''}|${coding.code}`;
  return `text|${conceptText(concept).toLowerCase()}`;
}

/**
 * The few FHIR R4 shapes the record pages read. Deliberately partial: the pages read what they
 * show and ignore the rest, so an unexpected element never breaks a page.
 */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Quantity {
  value?: number;
  unit?: string;
  code?: string;
  comparator?: string;
}
export interface Period {
  start?: string;
  end?: string;
}
export interface Reference {
  reference?: string;
  display?: string;
}
export interface ReferenceRange {
  low?: Quantity;
  high?: Quantity;
  text?: string;
}
export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: ReferenceRange[];
}

export interface Resource {
  resourceType: string;
  id?: string;
  [element: string]: unknown;
}

export interface Observation extends Resource {
  resourceType: 'Observation';
  status?: string;
  category?: CodeableConcept[];
  code: CodeableConcept;
  effectiveDateTime?: string;
  effectivePeriod?: Period;
  issued?: string;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: ReferenceRange[];
  component?: ObservationComponent[];
}

export interface Bundle {
  resourceType: 'Bundle';
  type?: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { resource?: Resource; search?: { mode?: string } }[];
}

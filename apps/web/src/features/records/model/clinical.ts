import { conceptText } from './codeable';
import type { CodeableConcept, Period, Reference, Resource } from './fhir-types';

/** Reads an element we know the shape of from a resource typed loosely on purpose. */
function get<T>(r: Resource, key: string): T | undefined {
  return r[key] as T | undefined;
}

function statusCode(concept: CodeableConcept | undefined): string | undefined {
  return concept?.coding?.find((c) => c.code)?.code;
}

const byDateDesc =
  <T>(date: (x: T) => string | undefined) =>
  (a: T, b: T) =>
    (Date.parse(date(b) ?? '') || 0) - (Date.parse(date(a) ?? '') || 0);

export interface ProblemItem {
  id: string | undefined;
  name: string;
  status: string;
  onset: string | undefined;
  resolved: string | undefined;
}

export function problems(conditions: readonly Resource[]): ProblemItem[] {
  const items = conditions
    .filter((c) => statusCode(get(c, 'verificationStatus')) !== 'entered-in-error')
    .map((c) => ({
      id: c.id,
      name: conceptText(get(c, 'code'), '?'),
      status: statusCode(get(c, 'clinicalStatus')) ?? 'unknown',
      onset:
        get<string>(c, 'onsetDateTime') ?? get<Period>(c, 'onsetPeriod')?.start ?? get(c, 'recordedDate'),
      resolved: get<string>(c, 'abatementDateTime'),
    }));
  // Current problems first, newest first within each group.
  const current = (p: ProblemItem) => (['active', 'recurrence', 'relapse'].includes(p.status) ? 0 : 1);
  return items.sort((a, b) => current(a) - current(b) || byDateDesc<ProblemItem>((p) => p.onset)(a, b));
}

export interface MedicationItem {
  id: string | undefined;
  name: string;
  status: string;
  prescribed: string | undefined;
  instructions: string | undefined;
  prescriber: string | undefined;
}

interface Dosage {
  text?: string;
  patientInstruction?: string;
}

export function medications(requests: readonly Resource[]): MedicationItem[] {
  const items = requests
    .filter((m) => get(m, 'status') !== 'entered-in-error')
    .map((m) => {
      const dosage = get<Dosage[]>(m, 'dosageInstruction')?.[0];
      return {
        id: m.id,
        name:
          conceptText(get(m, 'medicationCodeableConcept')) ||
          get<Reference>(m, 'medicationReference')?.display ||
          '?',
        status: get<string>(m, 'status') ?? 'unknown',
        prescribed: get<string>(m, 'authoredOn'),
        instructions: dosage?.patientInstruction ?? dosage?.text,
        prescriber: get<Reference>(m, 'requester')?.display,
      };
    });
  const current = (m: MedicationItem) => (m.status === 'active' || m.status === 'on-hold' ? 0 : 1);
  return items.sort(
    (a, b) => current(a) - current(b) || byDateDesc<MedicationItem>((m) => m.prescribed)(a, b),
  );
}

export interface AllergyItem {
  id: string | undefined;
  name: string;
  status: string;
  criticality: string | undefined;
  categories: string[];
  reactions: string[];
  recorded: string | undefined;
}

interface Reaction {
  manifestation?: CodeableConcept[];
}

export function allergies(items: readonly Resource[]): AllergyItem[] {
  return items
    .filter((a) => statusCode(get(a, 'verificationStatus')) !== 'entered-in-error')
    .map((a) => ({
      id: a.id,
      name: conceptText(get(a, 'code'), '?'),
      status: statusCode(get(a, 'clinicalStatus')) ?? 'active',
      criticality: get<string>(a, 'criticality'),
      categories: get<string[]>(a, 'category') ?? [],
      reactions: (get<Reaction[]>(a, 'reaction') ?? [])
        .flatMap((r) => r.manifestation ?? [])
        .map((m) => conceptText(m))
        .filter(Boolean),
      recorded: get<string>(a, 'recordedDate') ?? get<string>(a, 'onsetDateTime'),
    }))
    .sort(
      (a, b) =>
        (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1) || a.name.localeCompare(b.name),
    );
}

export interface ImmunizationItem {
  id: string | undefined;
  name: string;
  date: string | undefined;
  status: string;
}

export function immunizations(items: readonly Resource[]): ImmunizationItem[] {
  return items
    .filter((i) => get(i, 'status') !== 'entered-in-error')
    .map((i) => ({
      id: i.id,
      name: conceptText(get(i, 'vaccineCode'), '?'),
      date: get<string>(i, 'occurrenceDateTime') ?? get<string>(i, 'recorded'),
      status: get<string>(i, 'status') ?? 'completed',
    }))
    .sort(byDateDesc((i) => i.date));
}

export interface VisitItem {
  id: string | undefined;
  type: string;
  start: string | undefined;
  end: string | undefined;
  status: string;
  reason: string | undefined;
  place: string | undefined;
  clinician: string | undefined;
}

interface Participant {
  individual?: Reference;
}

export function visits(encounters: readonly Resource[]): VisitItem[] {
  return encounters
    .filter((e) => get(e, 'status') !== 'entered-in-error' && get(e, 'status') !== 'cancelled')
    .map((e) => {
      const period = get<Period>(e, 'period');
      return {
        id: e.id,
        type:
          conceptText(get<CodeableConcept[]>(e, 'type')?.[0]) ||
          get<{ display?: string; code?: string }>(e, 'class')?.display ||
          get<{ code?: string }>(e, 'class')?.code ||
          '?',
        start: period?.start,
        end: period?.end,
        status: get<string>(e, 'status') ?? 'unknown',
        reason: conceptText(get<CodeableConcept[]>(e, 'reasonCode')?.[0]) || undefined,
        place:
          get<{ location?: Reference }[]>(e, 'location')?.[0]?.location?.display ??
          get<Reference>(e, 'serviceProvider')?.display,
        clinician: get<Participant[]>(e, 'participant')?.find((p) => p.individual?.display)?.individual
          ?.display,
      };
    })
    .sort(byDateDesc((v) => v.start));
}

export interface DocumentAttachment {
  title: string | undefined;
  contentType: string | undefined;
  /** A link the browser can open: a Binary on this server, an absolute URL, or inline data. */
  href: string | undefined;
}

export interface DocumentItem {
  id: string | undefined;
  title: string;
  date: string | undefined;
  attachments: DocumentAttachment[];
}

interface Attachment {
  title?: string;
  contentType?: string;
  url?: string;
  data?: string;
}

/** Turns an attachment into something a link can open, relative Binary references included. */
export function attachmentHref(a: Attachment, fhirBase: string): string | undefined {
  if (a.url) {
    if (/^https?:\/\//i.test(a.url)) return a.url;
    if (/^Binary\/[A-Za-z0-9\-.]{1,64}$/.test(a.url)) return `${fhirBase}/${a.url}`;
    return undefined;
  }
  if (a.data) return `data:${a.contentType ?? 'application/octet-stream'};base64,${a.data}`;
  return undefined;
}

export function documents(items: readonly Resource[], fhirBase: string): DocumentItem[] {
  return items
    .filter((d) => get(d, 'status') !== 'entered-in-error')
    .map((d) => ({
      id: d.id,
      title: get<string>(d, 'description') || conceptText(get(d, 'type'), '?'),
      date: get<string>(d, 'date'),
      attachments: (get<{ attachment?: Attachment }[]>(d, 'content') ?? [])
        .map((c) => c.attachment)
        .filter((a): a is Attachment => a !== undefined)
        .map((a) => ({ title: a.title, contentType: a.contentType, href: attachmentHref(a, fhirBase) })),
    }))
    .sort(byDateDesc((d) => d.date));
}

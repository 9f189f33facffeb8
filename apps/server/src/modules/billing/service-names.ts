import type { StatementLine } from '@accompany/contracts';

export type LineLocale = 'en' | 'es';

/**
 * Spanish for the service names our statements carry: the demo catalog and the displays of
 * the encounter and procedure codes that imported ExplanationOfBenefits name (SNOMED CT
 * displays, without their semantic tag). Keys are compared without case. A name not here
 * stays as the code's display says it: an English line beats a wrong translation.
 */
const SERVICES_ES: Record<string, string> = {
  // Demo catalog
  'office visit, established patient': 'Consulta en el consultorio, paciente ya registrado',
  'new patient visit': 'Consulta de paciente nuevo',
  'telehealth visit': 'Consulta por video',
  'urgent care visit': 'Consulta de atención urgente',
  'lipid panel': 'perfil de lípidos (colesterol)',
  'comprehensive metabolic panel': 'panel metabólico completo',
  'chest x-ray, two views': 'Radiografía de tórax, dos vistas',
  'flu vaccine': 'Vacuna contra la gripe',
  'medical care': 'Atención médica',
  // Encounter and procedure displays of imported records
  'encounter for check up': 'Consulta de chequeo',
  "encounter for 'check-up'": 'Consulta de chequeo',
  'check up': 'Chequeo',
  'general examination of patient': 'Examen general',
  'well child visit': 'Consulta de control del niño sano',
  'outpatient procedure': 'Procedimiento ambulatorio',
  'encounter for symptom': 'Consulta por un síntoma',
  'encounter for problem': 'Consulta por un problema de salud',
  'prenatal visit': 'Consulta prenatal',
  'prenatal initial visit': 'Primera consulta prenatal',
  'postnatal visit': 'Consulta posparto',
  'patient encounter procedure': 'Consulta con procedimiento',
  'follow-up encounter': 'Consulta de seguimiento',
  'consultation for treatment': 'Consulta para tratamiento',
  'asthma follow-up': 'Seguimiento del asma',
  'emergency room admission': 'Atención en la sala de emergencias',
  'emergency encounter': 'Atención de emergencia',
  'emergency hospital admission for asthma': 'Ingreso de emergencia al hospital por asma',
  'obstetric emergency hospital admission': 'Ingreso de emergencia obstétrica al hospital',
  'allergic disorder initial assessment': 'Primera evaluación de alergias',
  'allergic disorder follow-up assessment': 'Evaluación de seguimiento de alergias',
  'encounter inpatient': 'Hospitalización',
  'inpatient stay': 'Hospitalización',
  'hospital admission': 'Ingreso al hospital',
  'non-urgent orthopedic admission': 'Ingreso ortopédico no urgente',
  'office visit': 'Consulta en el consultorio',
  'patient-initiated encounter': 'Consulta solicitada por el paciente',
  'telemedicine consultation with patient': 'Consulta por telemedicina',
  'drug rehabilitation and detoxification': 'Rehabilitación y desintoxicación',
  'death certification': 'Certificado de defunción',
  'urgent care clinic': 'Clínica de atención urgente',
};

/** The phrases our own code writes around a service name, with their Spanish. */
const PHRASES_ES: { pattern: RegExp; es: (m: RegExpExecArray) => string }[] = [
  { pattern: /^Lab: (.+)$/i, es: (m) => `Laboratorio: ${serviceName(m[1]!, 'es')}` },
  {
    pattern: /^(.+): amount above what your plan allows$/i,
    es: (m) => `${serviceName(m[1]!, 'es')}: monto por encima de lo que permite su plan`,
  },
  { pattern: /^Paid by your insurance \((.+)\)$/i, es: (m) => `Pagado por su seguro (${m[1]})` },
  { pattern: /^Paid by your insurance$/i, es: () => 'Pagado por su seguro' },
  { pattern: /^Paid by (.+)$/i, es: (m) => `Pagado por ${m[1]}` },
  {
    pattern: /^Discount agreed between (.+) and the clinic$/i,
    es: (m) => `Descuento acordado entre ${m[1]} y la clínica`,
  },
  {
    pattern: /^Contractual adjustment from the insurer['’]s explanation of benefits$/i,
    es: () => 'Ajuste acordado por contrato, según la explicación de beneficios de la aseguradora',
  },
  { pattern: /^Payment, thank you$/i, es: () => 'Pago recibido, gracias' },
  { pattern: /^Refund to your card$/i, es: () => 'Reembolso a su tarjeta' },
];

/** A service name in the reader's language; unknown names stay as written. */
export function serviceName(text: string, locale: LineLocale): string {
  if (locale === 'en') return text;
  const known = SERVICES_ES[text.trim().toLowerCase()];
  if (known) return known;
  for (const { pattern, es } of PHRASES_ES) {
    const m = pattern.exec(text.trim());
    if (m) return es(m);
  }
  return text;
}

/** Reasons that are keys (copay, deductible…) are translated by the reader's app; others here. */
const REASON_KEYS = new Set(['copay', 'deductible', 'coinsurance', 'not_covered']);

/** A statement line with its words in the reader's language; the amounts are untouched. */
export function lineInLanguage(line: StatementLine, locale: LineLocale): StatementLine {
  if (locale === 'en') return line;
  return {
    ...line,
    description: serviceName(line.description, locale),
    reason: line.reason && !REASON_KEYS.has(line.reason) ? serviceName(line.reason, locale) : line.reason,
  };
}

// Reason for visit in plain words (English or Spanish) → the specialties and visit type that fit.
// A phrase table rather than free-text guessing: predictable, reviewable by clinicians, and the
// same in both languages. Emergencies are recognised so the page can say "call 911" instead.

export interface ReasonMatch {
  readonly specialties: readonly string[];
  readonly visitTypeCode: string;
  readonly emergency?: boolean;
}

interface ReasonRule extends ReasonMatch {
  readonly phrases: readonly string[];
}

const PRIMARY = ['family_medicine', 'internal_medicine', 'pediatrics'];

const RULES: readonly ReasonRule[] = [
  {
    phrases: [
      'chest pain',
      'cannot breathe',
      "can't breathe",
      'stroke',
      'dolor de pecho',
      'no puedo respirar',
      'derrame',
    ],
    specialties: [],
    visitTypeCode: 'sick_visit',
    emergency: true,
  },
  {
    phrases: [
      'sore throat',
      'throat',
      'fever',
      'cough',
      'cold',
      'flu',
      'earache',
      'ear pain',
      'sinus',
      'sick',
      'dolor de garganta',
      'garganta',
      'fiebre',
      'tos',
      'resfriado',
      'gripe',
      'dolor de oido',
      'enfermo',
      'enferma',
    ],
    specialties: PRIMARY,
    visitTypeCode: 'sick_visit',
  },
  {
    phrases: [
      'annual physical',
      'physical',
      'checkup',
      'check-up',
      'check up',
      'wellness',
      'annual exam',
      'examen anual',
      'examen fisico',
      'chequeo',
      'revision anual',
    ],
    specialties: ['family_medicine', 'internal_medicine'],
    visitTypeCode: 'annual_physical',
  },
  {
    phrases: ['well child', 'vaccines', 'vaccination', 'shots', 'nino sano', 'vacunas'],
    specialties: ['pediatrics'],
    visitTypeCode: 'well_child',
  },
  {
    phrases: [
      'knee pain',
      'knee',
      'back pain',
      'shoulder',
      'hip pain',
      'sprain',
      'broken',
      'fracture',
      'joint',
      'dolor de rodilla',
      'rodilla',
      'dolor de espalda',
      'hombro',
      'cadera',
      'esguince',
      'fractura',
    ],
    specialties: ['orthopedics'],
    visitTypeCode: 'specialist_consult',
  },
  {
    phrases: ['rash', 'acne', 'mole', 'skin', 'eczema', 'sarpullido', 'lunar', 'piel', 'eccema'],
    specialties: ['dermatology'],
    visitTypeCode: 'specialist_consult',
  },
  {
    phrases: ['heart', 'palpitations', 'blood pressure', 'corazon', 'palpitaciones', 'presion arterial'],
    specialties: ['cardiology'],
    visitTypeCode: 'specialist_consult',
  },
  {
    phrases: ['pregnancy', 'pregnant', 'pap smear', 'prenatal', 'embarazo', 'embarazada', 'papanicolaou'],
    specialties: ['obstetrics_gynecology'],
    visitTypeCode: 'specialist_consult',
  },
  {
    phrases: ['anxiety', 'depression', 'stress', 'insomnia', 'ansiedad', 'depresion', 'estres', 'insomnio'],
    specialties: ['behavioral_health'],
    visitTypeCode: 'video_visit',
  },
];

/** Lower case, accents removed, punctuation to spaces: "Dolor de Garganta!" → "dolor de garganta". */
export function normalizeReason(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The best rule for the words, longest matching phrase first; null when nothing fits. */
export function matchReason(text: string): ReasonMatch | null {
  const words = ` ${normalizeReason(text)} `;
  let best: { rule: ReasonRule; length: number } | null = null;
  for (const rule of RULES) {
    for (const phrase of rule.phrases) {
      if (words.includes(` ${phrase} `) && (!best || phrase.length > best.length)) {
        best = { rule, length: phrase.length };
      }
    }
  }
  if (!best) return null;
  const { specialties, visitTypeCode, emergency } = best.rule;
  return emergency ? { specialties, visitTypeCode, emergency } : { specialties, visitTypeCode };
}

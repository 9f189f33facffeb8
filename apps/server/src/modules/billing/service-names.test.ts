import { describe, expect, it } from 'vitest';
import type { StatementLine } from '@accompany/contracts';
import { SERVICES } from './billing.demo.js';
import { chargesFromEob, type EobShape } from './eob-charges.js';
import { statementLines } from './statement-lines.js';
import { lineInLanguage, serviceName } from './service-names.js';
import { lineSummaries } from './notices.js';

const line = (description: string, reason: string | null = null): StatementLine => ({
  serviceDate: '2026-10-02',
  description,
  chargedCents: 14_500,
  insurancePaidCents: 8_000,
  adjustedCents: 2_000,
  youPaidCents: 0,
  youOweCents: 4_500,
  reason,
});

describe('statement lines in the patient language', () => {
  it('has Spanish for every service of the demo catalog', () => {
    for (const s of SERVICES) {
      const es = serviceName(s.description, 'es');
      expect(es, s.description).not.toBe(s.description);
      expect(es).not.toMatch(/\b(visit|established|vaccine|views|lab|chest)\b/i);
    }
    expect(serviceName('Lab: lipid panel', 'es')).toBe('Laboratorio: perfil de lípidos (colesterol)');
  });

  it('translates the encounter displays and the phrases an imported EOB produces', () => {
    const eob: EobShape = {
      resourceType: 'ExplanationOfBenefit',
      id: 'eob-1',
      status: 'active',
      outcome: 'complete',
      patient: { reference: 'Patient/0f9d3f7e-1b2c-4d5e-8f90-123456789abc' },
      insurer: { display: 'Aetna' },
      item: [
        {
          productOrService: { coding: [{ display: 'Encounter for check up (procedure)' }] },
          servicedPeriod: { start: '2026-09-01' },
        },
      ],
      total: [
        { category: { coding: [{ code: 'submitted' }] }, amount: { value: 200, currency: 'USD' } },
        { category: { coding: [{ code: 'eligible' }] }, amount: { value: 150, currency: 'USD' } },
      ],
      payment: { amount: { value: 120, currency: 'USD' } },
    };
    const charges = chargesFromEob(eob)!;
    const lines = statementLines(
      charges.entries.map((e) => ({
        kind: e.kind,
        amountCents: e.amountCents,
        description: e.description,
        serviceDate: e.serviceDate ?? null,
        reason: e.reason ?? null,
      })),
    ).map((l) => lineInLanguage(l, 'es'));
    expect(lines.map((l) => l.description)).toEqual([
      'Consulta de chequeo',
      'Consulta de chequeo: monto por encima de lo que permite su plan',
      'Pagado por su seguro (Aetna)',
    ]);
    expect(lines[1]!.reason).toBe(
      'Ajuste acordado por contrato, según la explicación de beneficios de la aseguradora',
    );
  });

  it('keeps the amounts, the reason keys and unknown names; English stays as issued', () => {
    const l = line('Office visit, established patient', 'copay');
    const es = lineInLanguage(l, 'es');
    expect(es).toEqual({ ...l, description: 'Consulta en el consultorio, paciente ya registrado' });
    expect(lineInLanguage(l, 'en')).toBe(l);
    // A display we have no Spanish for is shown as the code says it, never guessed.
    expect(serviceName('Hyperbaric oxygen therapy', 'es')).toBe('Hyperbaric oxygen therapy');
    expect(
      lineInLanguage(line('Flu vaccine', 'Discount agreed between Cigna and the clinic'), 'es').reason,
    ).toBe('Descuento acordado entre Cigna y la clínica');
  });

  it('lists the lines of a statement notice in the patient language', () => {
    const lines = [line('Flu vaccine', 'copay'), { ...line('Payment, thank you'), youOweCents: 0 }];
    expect(lineSummaries(lines, 'USD', 'en')).toEqual(['October 2, 2026 — Flu vaccine: you owe $45.00']);
    const [es] = lineSummaries(lines, 'USD', 'es');
    expect(es).toMatch(/^2 de octubre de 2026 — Vacuna contra la gripe: usted debe .*45[.,]00/);
  });
});

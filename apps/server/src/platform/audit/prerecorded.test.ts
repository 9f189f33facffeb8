import { describe, expect, it } from 'vitest';
import type { Scope } from '../http/context.js';
import { takePrerecorded, type PrerecordedAudit } from './prerecorded.js';

const patient = '6f1c1d52-8d2b-4c4e-9a57-2f6a0c1b7e11';
const user = 'a3e2b8f0-1c44-4c1e-8a0b-5d8e2f9c0a21';
const row: PrerecordedAudit = {
  actor_id: user,
  actor_role: 'patient',
  actor_client_id: 'app',
  patient_id: patient,
  action: 'read',
  object_type: 'fhir:Observation',
  object_id: 'obs-1',
  outcome: 'success',
};
const scopeWith = (rows: PrerecordedAudit[]): Scope =>
  ({
    tx: null,
    tenant: { id: 't', slug: 't', name: 't' },
    actor: { userId: user, role: 'patient', patientId: patient },
    meta: { ip: null, userAgent: null, requestId: 'r' },
    app: { clientId: 'app', grantId: 'g' },
    prerecorded: rows,
  }) as unknown as Scope;
const record = {
  action: 'read',
  objectType: 'fhir:Observation',
  objectId: 'obs-1',
  patientId: patient,
} as const;

describe('a prerecorded audit record', () => {
  it('stands for the same record exactly once (uuids compared without regard to case)', () => {
    const scope = scopeWith([{ ...row }]);
    expect(takePrerecorded(scope, { ...record, patientId: patient.toUpperCase() })).toBe(true);
    expect(takePrerecorded(scope, record)).toBe(false);
    expect(scope.prerecorded).toEqual([]);
  });

  it.each([
    ['another object', { objectId: 'obs-2' }],
    ['another action', { action: 'search' as const }],
    ['another outcome', { outcome: 'denied' as const }],
    ['another patient', { patientId: user }],
    ['no patient', { patientId: null }],
    ['another app', { clientId: 'other-app' }],
  ])('does not stand for a record of %s', (_name, change) => {
    const scope = scopeWith([{ ...row }]);
    expect(takePrerecorded(scope, { ...record, ...change })).toBe(false);
    expect(scope.prerecorded).toHaveLength(1);
  });

  it('does not stand for a record written for another actor', () => {
    const scope = { ...scopeWith([{ ...row }]), actor: null } as Scope;
    expect(takePrerecorded(scope, record)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseClinicalScope, scopeAllows } from './scopes.js';

describe('SMART scopes', () => {
  it('reads v1 read, write and * permissions', () => {
    expect([...parseClinicalScope('patient/*.read')!.interactions]).toEqual(['read', 'search']);
    expect([...parseClinicalScope('user/Observation.write')!.interactions]).toEqual([
      'create',
      'update',
      'delete',
    ]);
    expect(parseClinicalScope('system/*.*')!.interactions.size).toBe(5);
  });

  it('reads v2 letters in order and refuses them out of order or repeated', () => {
    const scope = parseClinicalScope('patient/Observation.rs')!;
    expect(scope.resourceType).toBe('Observation');
    expect([...scope.interactions]).toEqual(['read', 'search']);
    expect(parseClinicalScope('patient/Observation.sr')).toBeNull();
    expect(parseClinicalScope('patient/Observation.rr')).toBeNull();
    expect(parseClinicalScope('patient/Observation.')).toBeNull();
  });

  it('ignores non-clinical scopes and malformed ones', () => {
    for (const s of [
      'openid',
      'fhirUser',
      'launch/patient',
      'offline_access',
      'patient/observation.rs',
      'group/*.rs',
    ])
      expect(parseClinicalScope(s)).toBeNull();
  });

  it('grants by type, wildcard, interaction and context', () => {
    const scopes = ['openid', 'patient/Observation.rs', 'patient/Condition.read'];
    expect(scopeAllows(scopes, 'Observation', 'read')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'search')).toBe(true);
    expect(scopeAllows(scopes, 'Observation', 'create')).toBe(false);
    expect(scopeAllows(scopes, 'Condition', 'search')).toBe(true);
    expect(scopeAllows(scopes, 'Patient', 'read')).toBe(false);
    expect(scopeAllows(scopes, 'Observation', 'read', 'system')).toBe(false);
    expect(scopeAllows(['patient/*.rs'], 'MedicationRequest', 'read', 'patient')).toBe(true);
  });

  it('never grants from a query-restricted scope alone', () => {
    expect(scopeAllows(['patient/Observation.rs?category=laboratory'], 'Observation', 'read')).toBe(false);
  });
});

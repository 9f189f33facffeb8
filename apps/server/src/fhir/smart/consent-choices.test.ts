import { describe, expect, it } from 'vitest';
import { choices, keptScopes } from './consent-choices.js';

const REGISTERED = 'openid fhirUser launch/patient offline_access patient/*.rs';

describe('consent choices', () => {
  it('offers covered data scopes and offline access as optional, identity as fixed', () => {
    const offered = choices(REGISTERED, [
      'openid',
      'fhirUser',
      'launch/patient',
      'offline_access',
      'patient/Observation.rs',
      'patient/*.read',
    ]);
    expect(offered.map((c) => [c.scope, c.kind, c.optional])).toEqual([
      ['openid', 'identity', false],
      ['fhirUser', 'identity', false],
      ['launch/patient', 'identity', false],
      ['offline_access', 'offline', true],
      ['patient/Observation.rs', 'data', true],
      ['patient/*.read', 'data', true],
    ]);
    expect(offered.find((c) => c.scope === 'patient/*.read')!.resourceType).toBe('*');
  });

  it('never offers what the registration does not cover, nor offline access it lacks', () => {
    const offered = choices('openid patient/Observation.rs', [
      'patient/Observation.cruds',
      'patient/Condition.rs',
      'system/*.rs',
      'offline_access',
      'patient/Observation.rs?category=laboratory',
      'nonsense',
    ]);
    expect(offered).toEqual([]);
  });

  it('grants what the patient kept and records the rest as refused', () => {
    const requested = [
      'openid',
      'fhirUser',
      'offline_access',
      'patient/Observation.rs',
      'patient/Condition.rs',
    ];
    const offered = choices(REGISTERED, requested);
    const answer = keptScopes(offered, requested, ['patient/Observation.rs', 'patient/Immunization.rs']);
    expect(answer.data).toEqual(['patient/Observation.rs']);
    expect(answer.identity).toEqual(['openid', 'fhirUser']);
    expect(answer.refusedIdentity).toEqual(['offline_access']);
    expect(answer.refusedData).toEqual(['patient/Condition.rs']);
  });

  it('cannot smuggle in a scope that was not offered', () => {
    const requested = ['openid', 'patient/Observation.rs'];
    const answer = keptScopes(choices(REGISTERED, requested), requested, ['patient/*.cruds', 'system/*.rs']);
    expect(answer.data).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { coveredScopes } from './scope-policy.js';

describe('registered scopes cover requested ones', () => {
  it('lets a read-only app have narrower read scopes, v1 and v2', () => {
    expect(
      coveredScopes('openid patient/*.rs', [
        'patient/Observation.rs',
        'patient/*.read',
        'patient/Condition.r',
        'openid',
      ]),
    ).toEqual(['patient/Observation.rs', 'patient/*.read', 'patient/Condition.r']);
  });

  it('refuses writes, other contexts and query-restricted registrations', () => {
    expect(coveredScopes('patient/*.rs', ['patient/Observation.cruds', 'patient/*.write'])).toEqual([]);
    expect(coveredScopes('system/*.rs', ['patient/Observation.rs', 'user/*.read'])).toEqual([]);
    expect(coveredScopes('patient/Observation.rs?category=laboratory', ['patient/Observation.rs'])).toEqual(
      [],
    );
  });

  it('limits a type-specific registration to that type', () => {
    expect(coveredScopes('system/Patient.rs', ['system/Patient.read', 'system/Observation.rs'])).toEqual([
      'system/Patient.read',
    ]);
  });
});

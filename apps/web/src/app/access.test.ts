import { describe, expect, it } from 'vitest';
import { guard, homeFor } from './access';

const patient = { role: 'patient', mustEnrolTotp: false } as const;
const clinician = { role: 'clinician', mustEnrolTotp: false } as const;
const admin = { role: 'admin', mustEnrolTotp: false } as const;
const newStaff = { role: 'front_desk', mustEnrolTotp: true } as const;

describe('homeFor', () => {
  it('sends each kind of user to their start page', () => {
    expect(homeFor(null)).toBe('/');
    expect(homeFor(patient)).toBe('/home');
    expect(homeFor(admin)).toBe('/console');
    expect(homeFor(newStaff)).toBe('/account/security');
  });
});

describe('guard', () => {
  it('sends signed-out visitors to sign in, remembering where they were going', () => {
    expect(guard('user', null, '/account?x=1')).toEqual({ redirect: '/sign-in?next=%2Faccount%3Fx%3D1' });
    expect(guard('public', null, '/verify-email')).toBeNull();
    expect(guard('guest', null, '/sign-in')).toBeNull();
  });

  it('sends signed-in users away from guest pages', () => {
    expect(guard('guest', patient, '/sign-in')).toEqual({ redirect: '/home' });
    expect(guard('guest', clinician, '/')).toEqual({ redirect: '/console' });
    expect(guard('guest', patient, '/sign-in?next=%2Faccount')).toEqual({ redirect: '/account' });
    expect(guard('guest', patient, '/sign-in?next=https%3A%2F%2Fevil.test')).toEqual({ redirect: '/home' });
    expect(guard('guest', newStaff, '/sign-in?next=%2Fconsole')).toEqual({ redirect: '/account/security' });
  });

  it('keeps staff who must enrol TOTP on the enrolment page', () => {
    expect(guard('staff', newStaff, '/console')).toEqual({ redirect: '/account/security' });
    expect(guard('user', newStaff, '/account')).toEqual({ redirect: '/account/security' });
    expect(guard('user', newStaff, '/account/security')).toBeNull();
  });

  it('applies role rules', () => {
    expect(guard('patient', clinician, '/home')).toEqual({ redirect: '/console' });
    expect(guard('staff', patient, '/console')).toEqual({ forbidden: true });
    expect(guard('admin', clinician, '/console/users')).toEqual({ forbidden: true });
    expect(guard('admin', admin, '/console/users')).toBeNull();
    expect(guard('staff', clinician, '/console/patients')).toBeNull();
  });
});

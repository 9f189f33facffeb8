import { describe, expect, it } from 'vitest';
import { locales, roles as contractRoles, staffRoles as contractStaffRoles } from '@accompany/contracts';
import { roles, staffRoles } from './constants';
import { supportedLocales } from './i18n/translate';

describe('runtime copies of contract enums', () => {
  it('match @accompany/contracts exactly', () => {
    expect(roles).toEqual(contractRoles);
    expect(staffRoles).toEqual(contractStaffRoles);
    expect(supportedLocales).toEqual(locales);
  });
});

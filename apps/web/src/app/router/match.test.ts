import { describe, expect, it } from 'vitest';
import { findRoute, isActivePath, matchPath, safeNext } from './match';

describe('matchPath', () => {
  it('matches static paths, ignoring trailing slashes', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/console/users', '/console/users')).toEqual({});
    expect(matchPath('/console/users', '/console/users/')).toEqual({});
    expect(matchPath('/console/users', '/console')).toBeNull();
    expect(matchPath('/console', '/console/users')).toBeNull();
    expect(matchPath('/home', '/Home')).toBeNull();
  });

  it('captures and decodes params', () => {
    expect(matchPath('/console/patients/:id', '/console/patients/abc-123')).toEqual({ id: 'abc-123' });
    expect(matchPath('/console/mail/:id', '/console/mail/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/console/patients/:id', '/console/patients')).toBeNull();
  });

  it('rejects malformed escapes instead of throwing', () => {
    expect(matchPath('/console/mail/:id', '/console/mail/%E0%A4%A')).toBeNull();
  });
});

describe('findRoute', () => {
  const routes = [{ path: '/console' }, { path: '/console/patients' }, { path: '/console/patients/:id' }];
  it('returns the first matching route with params', () => {
    expect(findRoute(routes, '/console/patients/42')).toEqual({ route: routes[2], params: { id: '42' } });
    expect(findRoute(routes, '/console/patients')?.route).toBe(routes[1]);
    expect(findRoute(routes, '/nowhere')).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps same-origin paths', () => {
    expect(safeNext('/console/users?q=a')).toBe('/console/users?q=a');
  });
  it('drops anything that could leave the site', () => {
    for (const bad of [
      null,
      '',
      'https://evil.test',
      '//evil.test',
      '/\\evil.test',
      'javascript:alert(1)',
      '/a\nb',
    ]) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe('isActivePath', () => {
  it('matches a section and its sub-pages', () => {
    expect(isActivePath('/console', '/console/users')).toBe(true);
    expect(isActivePath('/console', '/consoles')).toBe(false);
    expect(isActivePath('/console', '/console/users', true)).toBe(false);
    expect(isActivePath('/', '/home')).toBe(false);
  });
});

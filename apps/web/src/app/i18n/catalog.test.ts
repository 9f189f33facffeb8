import { describe, expect, it } from 'vitest';
import { catalogs, modules } from './catalog';
import { detectLocale, interpolate, placeholders } from './translate';

describe('message catalogs', () => {
  it('has every key in both languages, in every module', () => {
    for (const [name, mod] of Object.entries(modules)) {
      const en = Object.keys(mod.en).sort();
      const es = Object.keys(mod.es).sort();
      expect(es, `module ${name}`).toEqual(en);
    }
  });

  it('has no empty strings', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const [key, value] of Object.entries(catalogs[locale])) {
        expect(value.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, value] of Object.entries(catalogs.en)) {
      expect(placeholders(catalogs.es[key as keyof typeof catalogs.es]), key).toEqual(placeholders(value));
    }
  });

  it('never defines a key in two modules', () => {
    const seen = new Map<string, string>();
    for (const [name, mod] of Object.entries(modules)) {
      for (const key of Object.keys(mod.en)) {
        expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });
});

describe('detectLocale', () => {
  it('prefers a remembered choice, then the browser language', () => {
    expect(detectLocale('es', 'en-US')).toBe('es');
    expect(detectLocale('en', 'es-MX')).toBe('en');
    expect(detectLocale(null, 'es-MX')).toBe('es');
    expect(detectLocale(null, 'ES')).toBe('es');
    expect(detectLocale('fr', 'fr-FR')).toBe('en');
    expect(detectLocale(null, undefined)).toBe('en');
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Hello, {name}', { name: 'Ana' })).toBe('Hello, Ana');
    expect(interpolate('{count} unread', { count: 3 })).toBe('3 unread');
    expect(interpolate('Hi {who}', {})).toBe('Hi {who}');
    expect(interpolate('No vars')).toBe('No vars');
  });
});

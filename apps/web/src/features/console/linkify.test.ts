import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('splits text around http(s) links', () => {
    expect(linkify('Open https://care.test/verify-email?token=abc_123 to confirm.')).toEqual([
      { kind: 'text', value: 'Open ' },
      { kind: 'link', value: 'https://care.test/verify-email?token=abc_123' },
      { kind: 'text', value: ' to confirm.' },
    ]);
  });

  it('leaves trailing punctuation out of the link', () => {
    expect(linkify('Go to http://localhost:3000/sign-in.')).toEqual([
      { kind: 'text', value: 'Go to ' },
      { kind: 'link', value: 'http://localhost:3000/sign-in' },
      { kind: 'text', value: '.' },
    ]);
  });

  it('ignores other schemes and plain text', () => {
    expect(linkify('javascript:alert(1) and mailto:a@b.c')).toEqual([
      { kind: 'text', value: 'javascript:alert(1) and mailto:a@b.c' },
    ]);
    expect(linkify('')).toEqual([]);
  });
});

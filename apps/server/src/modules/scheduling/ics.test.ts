import { describe, expect, it } from 'vitest';
import { Keyring } from '../../platform/crypto/tokens.js';
import { appointmentIcs } from './ics.js';
import { signLink, verifyLink } from './links.js';

describe('calendar file', () => {
  it('is a valid iCalendar event in UTC with escaped text and folded lines', () => {
    const ics = appointmentIcs({
      uid: 'abc',
      start: new Date('2026-03-08T15:00:00Z'),
      end: new Date('2026-03-08T15:20:00Z'),
      summary: 'Sick visit, Dr. Ana Reyes; room 2',
      location: 'Eastside Family Medicine, 48 Union Street',
      description: 'x'.repeat(200),
      cancelled: false,
      now: new Date('2026-03-01T00:00:00Z'),
    });
    expect(ics).toContain('DTSTART:20260308T150000Z\r\n');
    expect(ics).toContain('DTEND:20260308T152000Z\r\n');
    expect(ics).toContain('SUMMARY:Sick visit\\, Dr. Ana Reyes\\; room 2');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});

describe('signed links', () => {
  const keyring = new Keyring('a-secret-that-is-long-enough-for-tests-0123');
  const now = new Date('2026-03-01T00:00:00Z');
  const claims = {
    purpose: 'manage' as const,
    id: '6f1c0b1e-7a55-4a53-9e26-0d7f3a1f2b44',
    expiresAt: now.getTime() + 1000,
  };

  it('verifies its own token and refuses tampering, another purpose, another key and expiry', () => {
    const token = signLink(keyring, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThanOrEqual(200);
    expect(verifyLink(keyring, token, 'manage', now)).toEqual(claims);
    expect(verifyLink(keyring, token, 'offer', now)).toBeNull();
    expect(
      verifyLink(new Keyring('another-secret-that-is-long-enough-0123456'), token, 'manage', now),
    ).toBeNull();
    expect(verifyLink(keyring, token, 'manage', new Date(claims.expiresAt))).toBeNull();
    const forged = Buffer.from(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(claims.id, '00000000-0000-4000-8000-000000000000'),
    ).toString('base64url');
    expect(verifyLink(keyring, forged, 'manage', now)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { renderMail, type TemplateName } from './templates.js';

const templates: TemplateName[] = ['verify_email', 'password_reset', 'invitation', 'security_notice'];

describe('mail templates', () => {
  it.each(templates)('%s renders in English and Spanish with the link in text and html', (name) => {
    const data = {
      givenName: 'Ana',
      link: 'https://portal.example/x?token=abc',
      organization: 'Riverside',
      role: 'clinician',
      event: 'password_changed' as const,
    };
    const en = renderMail(name, 'en', data);
    const es = renderMail(name, 'es', data);
    expect(en.subject).not.toBe(es.subject);
    expect(es.html).toContain('lang="es"');
    if (name !== 'security_notice') {
      expect(en.text).toContain(data.link);
      expect(es.html).toContain('href="https://portal.example/x?token=abc"');
    }
    expect(en.text).toContain('Riverside');
  });

  it('escapes names so a crafted name cannot inject markup', () => {
    const mail = renderMail('verify_email', 'en', {
      givenName: '<img src=x onerror=alert(1)>',
      link: 'https://a/"b',
      organization: 'R&D',
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img');
    expect(mail.html).toContain('R&amp;D');
    expect(mail.html).toContain('https://a/&quot;b');
  });
});

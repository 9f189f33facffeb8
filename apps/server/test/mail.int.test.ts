import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtMail,
  enrolStaff,
  linkToken,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.js';

/** A message as the SMTP server received it: envelope plus the decoded parts we check. */
interface Received {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

const REJECTED = 'no.such.mailbox@example.org';
const inbox: Received[] = [];
let smtp: SMTPServer;
let withSmtp: TestServer;
let withCatcher: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REJECTED)
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push(parseMessage(Buffer.concat(chunks).toString('utf8'), session.envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  [withSmtp, withCatcher] = await Promise.all([
    startTestServer({ SMTP_URL: `smtp://127.0.0.1:${port}` }),
    startTestServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([withSmtp?.close(), withCatcher?.close()]);
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

// --- a small MIME reader: enough for what nodemailer writes (multipart/alternative, QP or base64) ---
function headersOf(block: string): Record<string, string> {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  return Object.fromEntries(
    unfolded
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => {
        const i = line.indexOf(':');
        return [line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim())];
      }),
  );
}
const decodeWords = (v: string) =>
  v.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQp(data.replace(/_/g, ' ')),
  );
const decodeQp = (s: string) =>
  Buffer.from(
    s
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
function decodeBody(headers: Record<string, string>, body: string) {
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQp(body);
  return body;
}
function parseMessage(
  raw: string,
  envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] },
): Received {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headersOf(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const parts: Record<string, string> = {};
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      const at = part.search(/\r?\n\r?\n/);
      if (at < 0) continue;
      const h = headersOf(part.slice(0, at));
      const type = (h['content-type'] ?? '').split(';')[0]!.trim();
      parts[type] = decodeBody(
        h,
        part
          .slice(at)
          .replace(/^\r?\n\r?\n/, '')
          .replace(/\r?\n$/, ''),
      );
    }
  } else {
    parts[(headers['content-type'] ?? 'text/plain').split(';')[0]!] = decodeBody(headers, body);
  }
  return {
    from: envelope.mailFrom ? envelope.mailFrom.address : '',
    to: envelope.rcptTo.map((r) => r.address),
    headers,
    text: parts['text/plain'] ?? '',
    html: parts['text/html'] ?? '',
  };
}

const registration = (email: string, locale: 'en' | 'es', givenName: string) => ({
  email,
  password: 'a long enough password',
  givenName,
  familyName: 'Ejemplo',
  birthDate: '1990-05-17',
  locale,
});

async function registerAndDeliver(server: TestServer, email: string, locale: 'en' | 'es', givenName: string) {
  const res = await new TestClient(server.app).post(
    '/api/auth/register',
    registration(email, locale, givenName),
  );
  expect(res.status).toBe(201);
  await server.runtime.worker.drain();
}

describe('with an SMTP server configured', () => {
  it('sends the English verification mail over SMTP with a working link', async () => {
    const email = 'oliver.english@example.org';
    await registerAndDeliver(withSmtp, email, 'en', 'Oliver');
    const mail = inbox.filter((m) => m.to.includes(email));
    expect(mail).toHaveLength(1);
    const [m] = mail;
    expect(m!.from).toBe('no-reply@accompany.local');
    expect(m!.headers.to).toBe(email);
    expect(m!.headers.from).toBe('Accompany <no-reply@accompany.local>');
    expect(m!.headers.subject).toBe('Confirm your email for Riverside Community Health');
    expect(m!.text).toContain('Hi Oliver,');
    expect(m!.text).toContain(`Confirm my email: ${withSmtp.config.publicUrl}/verify-email?token=`);
    expect(m!.html).toContain('<html lang="en">');
    const token = linkToken(m!.text, '/verify-email');
    expect(m!.html).toContain(token);
    const verified = await new TestClient(withSmtp.app).post('/api/auth/verify-email', { token });
    expect(verified.status).toBe(200);
    const signIn = await new TestClient(withSmtp.app).signIn(email, 'a long enough password');
    expect(signIn.body).toMatchObject({ status: 'signed_in' });
  });

  it('writes it in Spanish for a patient who chose Spanish', async () => {
    const email = 'lucia.espanol@example.org';
    await registerAndDeliver(withSmtp, email, 'es', 'Lucía');
    const m = inbox.find((x) => x.to.includes(email));
    expect(m!.headers.subject).toBe('Confirme su correo para Riverside Community Health');
    expect(m!.text).toContain('Hola Lucía:');
    expect(m!.text).toContain('Confirme su dirección de correo para terminar de crear su cuenta.');
    expect(m!.text).toContain('Confirmar mi correo: ');
    expect(m!.html).toContain('<html lang="es">');
    expect(linkToken(m!.text, '/verify-email')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('keeps nothing in the catcher, and forgets the link once the mail is out', async () => {
    const db = withSmtp.runtime.database.db;
    expect(await db.selectFrom('caught_mail').selectAll().execute()).toEqual([]);
    const sent = await db
      .selectFrom('outbox')
      .select(['status', 'data', 'sent_at'])
      .where('to_address', '=', 'oliver.english@example.org')
      .execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 'sent', data: {} });
    expect(sent[0]!.sent_at).not.toBeNull();
  });

  it('answers 404 on the mail catcher routes, even to an admin', async () => {
    const admin = new TestClient(withSmtp.app);
    await enrolStaff(admin, 'admin@riverside.example');
    expect((await admin.get<{ demo: boolean }>('/api/session')).body.demo).toBe(false);
    for (const url of ['/api/staff/mail', '/api/staff/mail/00000000-0000-4000-8000-000000000000']) {
      const res = await admin.get<{ code: string }>(url);
      expect(res.status, url).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });

  it('retries a mail the server refused, and keeps it pending', async () => {
    await registerAndDeliver(withSmtp, REJECTED, 'en', 'Nobody');
    expect(inbox.some((m) => m.to.includes(REJECTED))).toBe(false);
    const db = withSmtp.runtime.database.db;
    const outbox = await db
      .selectFrom('outbox')
      .select(['id', 'status'])
      .where('to_address', '=', REJECTED)
      .executeTakeFirstOrThrow();
    expect(outbox.status).toBe('pending');
    const job = await db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'last_error'])
      .where('queue', '=', 'email.deliver')
      .where(sql<string>`payload->>'outboxId'`, '=', outbox.id)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job.last_error).toMatch(/550|rejected/i);
  });
});

describe('without SMTP (demo catcher)', () => {
  it('keeps the mail in the catcher and lists it to an admin', async () => {
    const email = 'carmen.demo@example.org';
    await registerAndDeliver(withCatcher, email, 'es', 'Carmen');
    const kept = await caughtMail(withCatcher, email);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      template: 'verify_email',
      subject: 'Confirme su correo para Riverside Community Health',
    });

    const admin = new TestClient(withCatcher.app);
    await enrolStaff(admin, 'admin@riverside.example');
    const list = await admin.get<{ items: { id: string; to: string; subject: string; template: string }[] }>(
      `/api/staff/mail?to=${encodeURIComponent(email)}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: kept[0]!.id,
        to: email,
        template: 'verify_email',
        subject: kept[0]!.subject,
      }),
    ]);
    const one = await admin.get<{ text: string; html: string }>(`/api/staff/mail/${kept[0]!.id}`);
    expect(one.body.text).toContain('Hola Carmen:');
    expect(linkToken(one.body.text, '/verify-email')).toBe(linkToken(kept[0]!.text_body, '/verify-email'));
    expect(inbox.some((m) => m.to.includes(email))).toBe(false); // nothing went out over SMTP
  });

  it('answers 403 to anyone who is not an admin', async () => {
    const frontDesk = new TestClient(withCatcher.app);
    await enrolStaff(frontDesk, 'frontdesk@riverside.example');
    const patient = new TestClient(withCatcher.app);
    await patient.signIn('selmer.jacobi@example.com');
    for (const client of [frontDesk, patient]) {
      const res = await client.get<{ code: string }>('/api/staff/mail');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    expect((await new TestClient(withCatcher.app).get('/api/staff/mail')).status).toBe(401);
  });
});

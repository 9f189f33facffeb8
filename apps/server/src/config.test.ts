import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const secret = 'a-secret-of-more-than-thirty-two-characters';
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'accompany-config-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** The ConfigError a given environment produces (fails the test if it loads). */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: dataDir, APP_SECRET: secret, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('wrong values', () => {
  it.each([
    ['PORT', 'abc', /port number/],
    ['PORT', '70000', /PORT/],
    ['DATABASE_URL', 'mysql://x', /postgres:\/\/ or postgresql:\/\//],
    ['LOG_LEVEL', 'loud', /fatal.*error.*warn.*info/],
    ['COOKIE_SECURE', 'maybe', /true or false/],
    ['PUBLIC_URL', 'portal.example.org', /absolute URL/],
    ['APP_SECRET', 'short', /at least 32 characters/],
    ['SMTP_URL', 'http://mail.example.org', /smtp:\/\//],
    ['MAX_BODY_BYTES', '10', /MAX_BODY_BYTES/],
    ['DEFAULT_TENANT', 'Not A Slug', /tenant slug/],
  ])('%s=%s names the variable, the value and what is expected', (name, value, expected) => {
    const { message } = refusal({ [name]: value });
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(message).toMatch(expected);
  });

  it('lists every wrong variable at once', () => {
    const { message } = refusal({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect(message).toContain('DATABASE_URL="mysql://x"');
  });

  it('treats an empty variable as unset and applies the defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir, APP_SECRET: secret, PORT: '', LOG_LEVEL: '' });
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.cookieSecure).toBe(true);
  });

  it('parses good values into their types', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      APP_SECRET: secret,
      PORT: '8080',
      COOKIE_SECURE: 'no',
      DATABASE_URL: 'postgresql://app@db.internal/accompany',
      PUBLIC_URL: 'https://portal.example.org/',
    });
    expect(config.port).toBe(8080);
    expect(config.cookieSecure).toBe(false);
    expect(config.databaseUrl).toBe('postgresql://app@db.internal/accompany');
    expect(config.publicUrl).toBe('https://portal.example.org');
  });
});

describe('API_PROCESSES', () => {
  const pg = { DATABASE_URL: 'postgres://app@db.internal/accompany' };
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, APP_SECRET: secret, ...env }).apiProcesses;

  it('is one process by default, on either database', () => {
    expect(load({})).toBe(1);
    expect(load(pg)).toBe(1);
    expect(load({ API_PROCESSES: '1' })).toBe(1);
  });

  it('takes a whole number from 1 to 64 on PostgreSQL, and auto means one per CPU', () => {
    expect(load({ ...pg, API_PROCESSES: '4' })).toBe(4);
    expect(load({ ...pg, API_PROCESSES: '64' })).toBe(64);
    expect(load({ ...pg, API_PROCESSES: 'auto' })).toBe(Math.min(64, availableParallelism()));
  });

  it.each(['0', '65', '2.5', 'many', '-1'])('refuses API_PROCESSES=%s, saying what is expected', (value) => {
    const { message } = refusal({ ...pg, API_PROCESSES: value });
    expect(message).toContain(`API_PROCESSES=${JSON.stringify(value)}`);
    expect(message).toMatch(/whole number from 1 to 64, or auto/);
  });

  it('refuses more than one process on the embedded PGlite database, which belongs to one process', () => {
    const { message } = refusal({ API_PROCESSES: '2' });
    expect(message).toContain('API_PROCESSES=2');
    expect(message).toMatch(/needs DATABASE_URL/);
    expect(message).toMatch(/PGlite database belongs to one process/);
  });
});

describe('production', () => {
  it('refuses to start without APP_SECRET, PUBLIC_URL and SMTP_URL, naming each', () => {
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir });
      throw new Error('production started without its settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message } = error as ConfigError;
      expect(message).toContain('APP_SECRET');
      expect(message).toContain('PUBLIC_URL');
      expect(message).toContain('SMTP_URL');
    }
  });

  it('names only what is missing', () => {
    const { message } = refusal({ NODE_ENV: 'production', PUBLIC_URL: 'https://portal.example.org' });
    expect(message).toContain('SMTP_URL');
    expect(message).not.toContain('PUBLIC_URL');
    expect(message).not.toContain('APP_SECRET');
  });

  it('never writes a generated secret', () => {
    refusal({ NODE_ENV: 'production', APP_SECRET: '' });
    expect(() => statSync(join(dataDir, 'secrets.json'))).toThrow();
  });

  it('never makes the demo organization, whose accounts share a published password', () => {
    const settings = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      APP_SECRET: secret,
      PUBLIC_URL: 'https://portal.example.org',
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
    };
    expect(loadConfig(settings).demoData).toBe(false);
    expect(refusal({ ...settings, DEMO_DATA: 'true' }).message).toContain('DEMO_DATA');
    expect(loadConfig({ DATA_DIR: dataDir }).demoData).toBe(true);
  });

  it('starts with all three', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      APP_SECRET: secret,
      PUBLIC_URL: 'https://portal.example.org',
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
    });
    expect(config.env).toBe('production');
    expect(config.appSecret).toBe(secret);
  });
});

describe('development secret', () => {
  it('is generated into DATA_DIR/secrets.json, private to the owner, and reused next time', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.appSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ appSecret: first.appSecret });
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: dataDir }).appSecret).toBe(first.appSecret);
  });

  it('creates a missing data folder', () => {
    const nested = join(dataDir, 'a', 'b');
    expect(loadConfig({ DATA_DIR: nested }).appSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(nested, 'secrets.json')).isFile()).toBe(true);
  });

  it('replaces a stored secret that is too short', () => {
    writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ appSecret: 'short' }));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.appSecret).not.toBe('short');
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('prefers APP_SECRET when it is set', () => {
    expect(loadConfig({ DATA_DIR: dataDir, APP_SECRET: secret }).appSecret).toBe(secret);
    expect(() => statSync(join(dataDir, 'secrets.json'))).toThrow();
  });
});

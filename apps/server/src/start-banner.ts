import type { Config } from './config.js';
import { DEMO_PASSWORD } from './modules/demo/demo.generator.js';

/** What the person who started the server reads first: where it runs and how to sign in. */
export function startBanner(
  config: Config,
  facts: { port: number; databaseKind: string; demoPatientEmails: string[] | null },
): string {
  const url = config.publicUrl.replace(`:${config.port}`, `:${facts.port}`);
  const processes = config.apiProcesses > 1 ? `${config.apiProcesses} API processes; ` : '';
  const lines = [
    '',
    `  Accompany is running at ${url}`,
    `  ${processes}Database: ${facts.databaseKind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}; workers: ${config.runWorkers ? (config.apiProcesses > 1 ? 'in every API process' : 'in this process') : 'separate (npm run worker)'}`,
    `  Mail: ${config.smtpUrl ? 'SMTP' : 'demo catcher (admins read it in the console under Mail)'}`,
  ];
  if (config.demoData) {
    lines.push(
      '',
      `  Demo sign-ins (password for all: ${DEMO_PASSWORD})`,
      '    admin@riverside.example       admin (sets up two-factor on first sign-in)',
      '    frontdesk@riverside.example   front desk',
      '    clinician@riverside.example   clinician',
      '    billing@riverside.example     billing',
      '    …and 240 patients, e.g. the ones listed in the console under Users',
    );
    if (facts.demoPatientEmails)
      lines.push(`    first patients: ${facts.demoPatientEmails.slice(0, 3).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

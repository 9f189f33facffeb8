import { median, type Measurement, type Plan } from './load.js';

// The shapes of a run's results and the number formats the table and the notes share.

export interface Environment {
  date: Date;
  node: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average before the run: other work on the machine skews every figure. */
  loadBefore: number;
  plan: Plan;
}

export interface DatabaseSection {
  kind: 'postgres' | 'pglite';
  /** e.g. "PostgreSQL 15.18" or "PGlite (embedded)" */
  label: string;
  argon2VerifyMs: number;
  /** Every measurement of this database's part of the run, in the order measured. */
  measurements: Measurement[];
}

export const find = (s: DatabaseSection, name: string) => s.measurements.find((m) => m.target.name === name);
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
export const pct = (n: number) => `${n < 0.1 ? (n * 100).toFixed(1) : (n * 100).toFixed(0)} %`;
export const rps = (m: Measurement) => median(m.rps);
export const ratio = (a: Measurement | undefined, b: Measurement | undefined) =>
  a && b ? pct(rps(a) / rps(b)) : 'n/a';

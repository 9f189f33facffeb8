import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// CPU time per process tree, from /proc (Linux). Elsewhere the figures are left out.
const available = existsSync('/proc/self/stat');
const ticksPerSecond = available
  ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  : 100;

interface Stat {
  ppid: number;
  /** user + system ticks of the process itself */
  own: number;
  /** user + system ticks of its children that have exited */
  reaped: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after it.
    const fields = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [ppid, utime, stime, cutime, cstime] = [fields[1], fields[11], fields[12], fields[13], fields[14]];
    return { ppid: ppid ?? 0, own: (utime ?? 0) + (stime ?? 0), reaped: (cutime ?? 0) + (cstime ?? 0) };
  } catch {
    return null; // the process ended between listing and reading
  }
}

/**
 * CPU seconds used so far by a process and all its descendants (living ones, and the ones
 * that have exited and been reaped). PostgreSQL forks a backend per connection, so the
 * postmaster's tree is the whole database server.
 */
export function treeCpuSeconds(rootPid: number): number {
  if (!available) return Number.NaN;
  const stats = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) stats.set(pid, stat);
  }
  const root = stats.get(rootPid);
  if (!root) return Number.NaN;
  let ticks = root.own + root.reaped;
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, stat] of stats) {
      if (!tree.has(pid) && tree.has(stat.ppid)) {
        tree.add(pid);
        ticks += stat.own + stat.reaped;
        grew = true;
      }
    }
  }
  return ticks / ticksPerSecond;
}

/** CPU seconds of this process (the load generator). */
export const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

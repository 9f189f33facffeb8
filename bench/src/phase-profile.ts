import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * BENCH_PROFILE=<folder>: a CPU profile of one measured phase of this process, written as
 * <folder>/<name>.cpuprofile (open it in Chrome's DevTools). Without the knob, nothing runs.
 * Returns the function that stops the profile and writes it.
 */
export async function profilePhase(name: string): Promise<() => Promise<void>> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return async () => undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

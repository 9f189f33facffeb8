/**
 * Makes room in a map of addresses that is at its bound: entries whose time has ended go
 * first; if every one is still live, all go. Starting over lets some addresses through early,
 * which is better than growing without bound.
 */
export function keepBounded<V>(map: Map<string, V>, max: number, ended: (value: V) => boolean) {
  if (map.size < max) return;
  for (const [key, value] of map) if (ended(value)) map.delete(key);
  if (map.size >= max) map.clear();
}

/**
 * Requests per client address in fixed windows, counted in this process's memory. For open
 * routes that anyone may call without an account (finding a provider, open times): the count
 * only has to stop one address from flooding the server, so it need not cost a database write
 * per request. With several server processes each counts its own share of the traffic.
 */
export class AddressLimiter {
  private readonly windows = new Map<string, { startedAt: number; hits: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    /** Bounds the memory an attacker with many addresses can make this hold. */
    private readonly maxAddresses = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; answers null when it may go on, else the seconds until the window ends. */
  take(address: string): number | null {
    const now = this.now();
    let window = this.windows.get(address);
    if (!window || now - window.startedAt >= this.windowMs) {
      if (!window) keepBounded(this.windows, this.maxAddresses, (w) => now - w.startedAt >= this.windowMs);
      window = { startedAt: now, hits: 0 };
      this.windows.set(address, window);
    }
    window.hits++;
    if (window.hits <= this.max) return null;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  get size() {
    return this.windows.size;
  }
}

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
      if (!window && this.windows.size >= this.maxAddresses) this.forgetEnded(now);
      window = { startedAt: now, hits: 0 };
      this.windows.set(address, window);
    }
    window.hits++;
    if (window.hits <= this.max) return null;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
  }

  private forgetEnded(now: number) {
    for (const [address, window] of this.windows)
      if (now - window.startedAt >= this.windowMs) this.windows.delete(address);
    // Still full: every address is mid-window. Starting over lets some through early, which
    // is better than growing without bound.
    if (this.windows.size >= this.maxAddresses) this.windows.clear();
  }

  get size() {
    return this.windows.size;
  }
}

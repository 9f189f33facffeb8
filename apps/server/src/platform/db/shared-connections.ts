import type pg from 'pg';
import { Counter, Gauge } from 'prom-client';

/**
 * Connections that carry whole transactions of many requests at once.
 *
 * A transaction that is one message (a FHIR read or search by a token seen before: see
 * tenant-pipeline.ts) needs no connection of its own for longer than that message. Sent on a
 * shared connection in the driver's pipeline mode, the messages of concurrent requests queue on
 * one socket: PostgreSQL runs them one after another, each as its own implicit transaction, and
 * answers them in order. The server then writes and reads that socket once for several requests,
 * and the backend finds the next message waiting instead of sleeping until it arrives. The more
 * messages queue on one connection, the more is saved: messages go on the first connection until
 * it is deep or stalled (a slow message at its head), and only then on another.
 *
 * What may travel here is strict: a message whose statements hold no transaction control. A
 * BEGIN left open (or a failed one, waiting for its ROLLBACK) would carry over into the next
 * request's message, so such a message is refused before it is sent, and a connection that is
 * still inside a transaction after a message is closed at once (`onTransactionLeftOpen`).
 */
export interface SharedConnectionOptions {
  /** How many shared connections at most. */
  max: number;
  /** Messages in flight on a connection before the next goes on another. */
  depth: number;
  /** A connection whose oldest message in flight is older than this (ms) is passed over. */
  stalledAfterMs: number;
  /** A statement each connection runs once, before any message (its session's settings). */
  setup?: string;
}

/** The driver's client with what this module needs of it. */
export type SharedClient = pg.Client & {
  /** Called when PostgreSQL says a message left the connection inside a transaction. */
  onTransactionLeftOpen?: () => void;
};

interface Lane {
  client: SharedClient;
  ready: Promise<unknown>;
  /** When each message in flight was sent, oldest first (PostgreSQL answers them in order). */
  sentAt: number[];
  broken: boolean;
}

/** A statement that starts, ends or marks a transaction, after any leading comments. */
const TRANSACTION_CONTROL =
  /^(?:\s+|\/\*[\s\S]*?\*\/|--[^\n]*\n)*(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;

/**
 * Whether a statement (one element of a message) may travel on a shared connection. A cheap
 * first guard on what the server's own code sends; the transaction status PostgreSQL reports
 * after each message is the guarantee.
 */
export function mayShare(statement: string): boolean {
  return !TRANSACTION_CONTROL.test(statement);
}

/** Every open set of shared connections in this process (a process normally has one). */
const live = new Set<SharedConnections>();

/**
 * Where each message went: `free`, a connection neither deep nor stalled; `new`, a connection
 * opened for it; `busy`, behind a deep or stalled one, every connection allowed being open. Many
 * `busy` messages say DATABASE_SHARED_CONNECTIONS is too low for the load (or a slow search holds
 * a connection).
 */
const placed = new Counter({
  name: 'accompany_db_shared_messages_total',
  help: 'One-message transactions sent on shared database connections, by where they were placed',
  labelNames: ['placed'] as const,
});

new Gauge({
  name: 'accompany_db_shared_in_flight',
  help: 'Messages sent on shared database connections and not answered yet',
  collect() {
    let inFlight = 0;
    for (const connections of live) inFlight += connections.inFlight;
    this.set(inFlight);
  },
});

export class SharedConnections {
  private readonly lanes: Lane[] = [];
  private closed = false;

  constructor(
    private readonly connect: () => SharedClient,
    private readonly options: SharedConnectionOptions,
  ) {
    live.add(this);
  }

  /**
   * Sends `statements` as one message, run by PostgreSQL as one transaction (all kept, or none if
   * one fails), on the least busy shared connection. Resolves with the driver's answer.
   */
  async send(statements: readonly string[]): Promise<unknown> {
    if (this.closed) throw new Error('The shared connections are closed');
    const refused = statements.find((s) => !mayShare(s));
    if (refused !== undefined)
      throw new Error('A statement controlling a transaction cannot travel on a shared connection');
    const now = performance.now();
    const lane = this.pick(now);
    lane.sentAt.push(now);
    try {
      await lane.ready;
      return await lane.client.query(statements.join(';\n'));
    } finally {
      lane.sentAt.shift();
    }
  }

  /** Connections open now. */
  get size(): number {
    return this.lanes.length;
  }

  /** Messages sent and not answered yet. */
  get inFlight(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.sentAt.length, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    live.delete(this);
    const lanes = this.lanes.splice(0);
    await Promise.all(lanes.map((l) => l.client.end().catch(() => undefined)));
  }

  /** The first connection neither deep nor stalled; else a new one; else the least busy. */
  private pick(now: number): Lane {
    const { depth, max, stalledAfterMs } = this.options;
    const stalled = (lane: Lane) => lane.sentAt.length > 0 && now - lane.sentAt[0]! > stalledAfterMs;
    for (const lane of this.lanes) {
      if (lane.sentAt.length < depth && !stalled(lane)) {
        placed.inc({ placed: 'free' });
        return lane;
      }
    }
    if (this.lanes.length < max) {
      placed.inc({ placed: 'new' });
      return this.openLane();
    }
    placed.inc({ placed: 'busy' });
    let best = this.lanes[0]!;
    for (const lane of this.lanes) {
      const better =
        stalled(best) !== stalled(lane) ? stalled(best) : lane.sentAt.length < best.sentAt.length;
      if (better) best = lane;
    }
    return best;
  }

  private openLane(): Lane {
    const client = this.connect();
    const lane: Lane = { client, ready: Promise.resolve(), sentAt: [], broken: false };
    const drop = () => {
      if (lane.broken) return;
      lane.broken = true;
      const at = this.lanes.indexOf(lane);
      if (at >= 0) this.lanes.splice(at, 1);
    };
    // A connection that fails (or that PostgreSQL closes) fails the messages in flight on it; the
    // next message opens another.
    client.on('error', drop);
    client.on('end', drop);
    client.onTransactionLeftOpen = () => {
      drop();
      // Whatever was sent behind the message runs inside its transaction, which ending the
      // connection rolls back: none of it is kept, and none of it is answered.
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    };
    const { setup } = this.options;
    lane.ready = client
      .connect()
      .then(() => (setup ? client.query(setup) : undefined))
      .catch((error: unknown) => {
        drop();
        void client.end().catch(() => undefined);
        throw error;
      });
    this.lanes.push(lane);
    return lane;
  }
}

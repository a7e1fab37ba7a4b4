import type { MergedEvent, StitchedEvent } from './types';

/** Options for {@link SessionStitcher}. */
export interface SessionOptions {
  /** Forget sessions idle for longer than this much event time (hours); default 12. */
  idleHours?: number;
}

interface SessionEntry {
  sessionId: string;
  lastSeen: number;
  /** Every key naming this session (moved together, so map order stays last-seen order). */
  keys: string[];
}

/**
 * Streaming session stitching over a sorted stream: events sharing a login key or session key get one
 * `sessionId` (the first login key seen for the session, otherwise its session key). Keys idle for more than
 * `idleHours` of event time are evicted, so memory stays bounded by the sessions active in that span.
 */
export class SessionStitcher {
  private readonly idleMs: number;
  /** `L<login key>` / `S<session key>` → session; insertion order is last-seen order. */
  private readonly byKey = new Map<string, SessionEntry>();
  private nextSweep = -Infinity;
  /** Sessions assigned so far. */
  sessions = 0;

  constructor(options: SessionOptions = {}) {
    this.idleMs = (options.idleHours ?? 12) * 3_600_000;
  }

  /** Assigns sessions to a sorted batch (in place order preserved). */
  push(batch: readonly MergedEvent[]): StitchedEvent[] {
    const out: StitchedEvent[] = new Array<StitchedEvent>(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = this.stitch(batch[i]);
    return out;
  }

  /** The number of keys currently remembered. */
  get size(): number {
    return this.byKey.size;
  }

  private stitch(e: MergedEvent): StitchedEvent {
    // Sweep at most once per minute of event time (a Map walk from its start is not free).
    if (e.ts >= this.nextSweep) {
      this.evict(e.ts);
      this.nextSweep = e.ts + 60_000;
    }
    const login = e.keys?.login;
    const session = e.keys?.session;
    if (!login && !session) return e;
    const lk = login ? `L${login}` : undefined;
    const sk = session ? `S${session}` : undefined;
    let entry = (lk && this.byKey.get(lk)) || (sk && this.byKey.get(sk)) || undefined;
    if (!entry) {
      entry = { sessionId: login ?? (session as string), lastSeen: e.ts, keys: [] };
      this.sessions++;
    }
    entry.lastSeen = e.ts;
    if (lk && !entry.keys.includes(lk)) entry.keys.push(lk);
    if (sk && !entry.keys.includes(sk)) entry.keys.push(sk);
    for (const k of entry.keys) {
      this.byKey.delete(k);
      this.byKey.set(k, entry);
    }
    return { ...e, sessionId: entry.sessionId };
  }

  private evict(now: number): void {
    const cutoff = now - this.idleMs;
    for (const [k, entry] of this.byKey) {
      if (entry.lastSeen >= cutoff) {
        // All keys of a session move to the end together when it is seen, so the map is in last-seen order.
        break;
      }
      this.byKey.delete(k);
    }
  }
}

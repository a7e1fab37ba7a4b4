import type { MergedEvent, StitchedEvent } from './types';

/** Options for {@link SessionStitcher}. */
export interface SessionOptions {
  /** Forget sessions idle for longer than this much event time (hours); default 12. */
  idleHours?: number;
}

interface SessionEntry {
  sessionId: string;
  lastSeen: number;
  /** Every login and session key naming this session. */
  logins: string[];
  sessions: string[];
  /** The event time at which the entry was last put in the eviction queue. */
  queuedAt: number;
}

/** The event with its session, field by field (one object shape for every event, which keeps what follows fast). */
function stitched(e: MergedEvent, sessionId: string | undefined): StitchedEvent {
  return {
    ts: e.ts,
    sourceTs: e.sourceTs,
    precision: e.precision,
    source: e.source,
    file: e.file,
    position: e.position,
    actor: e.actor,
    action: e.action,
    target: e.target,
    ip: e.ip,
    keys: e.keys,
    outcome: e.outcome,
    raw: e.raw,
    rawHash: e.rawHash,
    sources: e.sources,
    sessionId,
  };
}

/**
 * Streaming session stitching over a sorted stream: events sharing a login key or session key get one
 * `sessionId` (the first login key seen for the session, otherwise its session key). A session idle for more than
 * `idleHours` of event time is over: a later event with one of its keys starts a new one. Idle sessions are also
 * evicted, so memory stays bounded by the sessions active in that span.
 */
export class SessionStitcher {
  private readonly idleMs: number;
  private readonly byLogin = new Map<string, SessionEntry>();
  private readonly bySession = new Map<string, SessionEntry>();
  /**
   * Eviction queue: entries with the event time they were queued at, oldest first (at most one slot per entry per
   * eighth of the idle span), so eviction looks only at the oldest instead of walking every key.
   */
  private queue: SessionEntry[] = [];
  private queuedAt: number[] = [];
  private head = 0;
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
    return this.byLogin.size + this.bySession.size;
  }

  private live(entry: SessionEntry | undefined, now: number): SessionEntry | undefined {
    if (entry === undefined || entry.lastSeen >= now - this.idleMs) return entry;
    this.forget(entry);
    return undefined;
  }

  private stitch(e: MergedEvent): StitchedEvent {
    // Sweep at most once per minute of event time.
    if (e.ts >= this.nextSweep) {
      this.evict(e.ts);
      this.nextSweep = e.ts + 60_000;
    }
    const login = e.keys?.login;
    const session = e.keys?.session;
    if (!login && !session) return stitched(e, undefined);
    let entry =
      (login ? this.live(this.byLogin.get(login), e.ts) : undefined) ??
      (session ? this.live(this.bySession.get(session), e.ts) : undefined);
    if (!entry) {
      entry = {
        sessionId: login || (session as string),
        lastSeen: e.ts,
        logins: [],
        sessions: [],
        queuedAt: e.ts,
      };
      this.enqueue(entry, e.ts);
      this.sessions++;
    }
    entry.lastSeen = e.ts;
    if (e.ts - entry.queuedAt >= this.idleMs / 8) this.enqueue(entry, e.ts);
    if (login && this.byLogin.get(login) !== entry) {
      this.byLogin.set(login, entry);
      entry.logins.push(login);
    }
    if (session && this.bySession.get(session) !== entry) {
      this.bySession.set(session, entry);
      entry.sessions.push(session);
    }
    return stitched(e, entry.sessionId);
  }

  private forget(entry: SessionEntry): void {
    for (const k of entry.logins) if (this.byLogin.get(k) === entry) this.byLogin.delete(k);
    for (const k of entry.sessions) if (this.bySession.get(k) === entry) this.bySession.delete(k);
    entry.logins = [];
    entry.sessions = [];
  }

  private enqueue(entry: SessionEntry, at: number): void {
    entry.queuedAt = at;
    this.queue.push(entry);
    this.queuedAt.push(at);
  }

  private evict(now: number): void {
    const cutoff = now - this.idleMs;
    while (this.head < this.queue.length && this.queuedAt[this.head] < cutoff) {
      const entry = this.queue[this.head];
      const at = this.queuedAt[this.head];
      this.head++;
      if (entry.lastSeen < cutoff) this.forget(entry);
      // Seen since, with no later slot: queue it again at its last sighting.
      else if (entry.queuedAt === at) this.enqueue(entry, entry.lastSeen);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.queuedAt = this.queuedAt.slice(this.head);
      this.head = 0;
    }
  }
}

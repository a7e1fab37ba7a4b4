import { PRECISION_MS } from '../event';
import { actionClass, sameActor } from './identity';
import { eventComparator } from './order';
import type { MergedEvent, SkewedEvent, SourceRef } from './types';

/** Options for {@link Deduplicator}. */
export interface DedupeOptions {
  /** Source priority of the total order (must match the sort). */
  priority?: readonly string[];
  /** Look-back window in ms; default the widest precision (one minute). */
  windowMs?: number;
}

interface Pending {
  event: MergedEvent;
  index: string | undefined;
}

function refsOf(e: SkewedEvent): SourceRef[] {
  const existing = (e as Partial<MergedEvent>).sources;
  return existing && existing.length
    ? existing
    : [{ source: e.source, file: e.file, position: e.position, rawHash: e.rawHash }];
}

/**
 * A merged event, field by field: every event out of the deduplicator has the same fields in the same order (absent
 * ones undefined), which keeps the code after it fast. `over` wins where it says something; `under` fills the rest.
 */
function mergedEvent(over: SkewedEvent, under: SkewedEvent | undefined, sources: SourceRef[]): MergedEvent {
  const keys =
    over.keys && under?.keys
      ? {
          session: over.keys.session ?? under.keys.session,
          login: over.keys.login ?? under.keys.login,
          request: over.keys.request ?? under.keys.request,
        }
      : (over.keys ?? under?.keys);
  return {
    ts: over.ts,
    sourceTs: over.sourceTs,
    precision: over.precision,
    source: over.source,
    file: over.file,
    position: over.position,
    actor: {
      userId: over.actor.userId ?? under?.actor.userId,
      username: over.actor.username ?? under?.actor.username,
    },
    action: over.action,
    target: over.target ?? under?.target,
    ip: over.ip ?? under?.ip,
    keys,
    outcome: over.outcome ?? under?.outcome,
    raw: over.raw,
    rawHash: over.rawHash,
    sources,
  };
}

const ACTION_CLASS_CACHE_MAX = 4_096;

/** Every source name of an event (its own and merged ones). */
function sourceNames(e: MergedEvent): string[] {
  return e.sources.map((s) => s.source);
}

/**
 * Streaming deduplication over a stream sorted in the total order. Two events are one real event when their
 * sources differ, the user is the same (18-character ids or case-insensitive usernames), the IP is the same, the
 * action class is the same, and their precision windows `[ts, ts + width)` overlap (for a coarse and a fine record:
 * the finer time falls within the coarser record's window). The merged event keeps the more precise timestamp and every source reference.
 * Memory is bounded by the events of the last `windowMs` of event time. Never merges records of one source; running
 * it again over its own output merges nothing more.
 */
export class Deduplicator {
  private readonly compare: (a: MergedEvent, b: MergedEvent) => number;
  private readonly windowMs: number;
  private pending: Pending[] = [];
  private head = 0;
  private readonly byKey = new Map<string, Pending[]>();
  private readonly classes = new Map<string, string>();
  /** How many source records were merged into another event. */
  merged = 0;

  constructor(options: DedupeOptions = {}) {
    this.compare = eventComparator(options.priority);
    this.windowMs = options.windowMs ?? PRECISION_MS.min;
  }

  /** Feeds a sorted batch; returns the events that can no longer merge with anything, in order. */
  push(batch: readonly SkewedEvent[]): MergedEvent[] {
    const out: MergedEvent[] = [];
    for (const e of batch) {
      this.release(e.ts - this.windowMs, out);
      this.add(e);
    }
    return out;
  }

  /** Returns every event still held. */
  flush(): MergedEvent[] {
    const out: MergedEvent[] = [];
    this.release(Infinity, out);
    return out;
  }

  private release(before: number, out: MergedEvent[]): void {
    const p = this.pending;
    while (this.head < p.length && p[this.head].event.ts <= before) {
      const item = p[this.head++];
      if (item.index !== undefined) {
        const list = this.byKey.get(item.index);
        if (list) {
          // Lists are in release order but for repositioned merges: the item is almost always first.
          if (list[0] === item) list.shift();
          else {
            const at = list.indexOf(item);
            if (at >= 0) list.splice(at, 1);
          }
          if (!list.length) this.byKey.delete(item.index);
        }
      }
      out.push(item.event);
    }
    if (this.head > 1024 && this.head * 2 > p.length) {
      this.pending = p.slice(this.head);
      this.head = 0;
    }
  }

  /** {@link actionClass}, memoised: a stream repeats a handful of actions. */
  private classOf(action: string): string {
    let c = this.classes.get(action);
    if (c === undefined) {
      c = actionClass(action);
      if (this.classes.size >= ACTION_CLASS_CACHE_MAX) this.classes.clear();
      this.classes.set(action, c);
    }
    return c;
  }

  private add(e: SkewedEvent): void {
    const event = mergedEvent(e, undefined, refsOf(e));
    const width = PRECISION_MS[e.precision];
    const index = e.ip ? `${this.classOf(e.action)}\u0000${e.ip}` : undefined;
    if (index !== undefined) {
      const list = this.byKey.get(index);
      if (list) {
        for (const cand of list) {
          if (this.tryMerge(cand, event, width)) return;
        }
      }
    }
    const item: Pending = { event, index };
    this.pending.push(item);
    if (index !== undefined) {
      const list = this.byKey.get(index);
      if (list) list.push(item);
      else this.byKey.set(index, [item]);
    }
  }

  private tryMerge(cand: Pending, next: MergedEvent, width: number): boolean {
    const a = cand.event;
    const aWidth = PRECISION_MS[a.precision];
    // The two records' precision windows must overlap: [ts, ts + width) of each.
    if (Math.max(a.ts, next.ts) >= Math.min(a.ts + aWidth, next.ts + width)) return false;
    if (!sameActor(a.actor, next.actor)) return false;
    const names = sourceNames(a);
    if (next.sources.some((s) => names.includes(s.source))) return false;
    const fine = width < aWidth ? next : a;
    const other = fine === a ? next : a;
    const merged = mergedEvent(fine, other, [...fine.sources, ...other.sources]);
    this.merged += next.sources.length;
    this.reposition(cand, merged);
    return true;
  }

  /** Replaces a pending event, moving it to keep the buffer sorted (a merge can move it later). */
  private reposition(item: Pending, merged: MergedEvent): void {
    const p = this.pending;
    const from = p.indexOf(item, this.head);
    p.splice(from, 1);
    item.event = merged;
    let lo = this.head;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(p[mid].event, merged) <= 0) lo = mid + 1;
      else hi = mid;
    }
    p.splice(lo, 0, item);
  }
}

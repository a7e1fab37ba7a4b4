import type { Actor } from './actor';
import { chainLink, GENESIS_HASH, verifyHashChain, type ChainLink, type ChainVerdict } from './hash-chain';

/** Kinds of incident log entries. */
export type IncidentLogType =
  | 'declared'
  | 'approved'
  | 'rejected'
  | 'step-started'
  | 'step-completed'
  | 'step-failed'
  | 'step-skipped'
  | 'step-timed-out'
  | 'escalated'
  | 'manual-completed'
  | 'compensation-started'
  | 'compensated'
  | 'discovered-at-changed'
  | 'aborted'
  | 'closed'
  | 'review-reminder';

/** One entry of the incident log: millisecond workflow time, who, what, and the hash chain. */
export interface IncidentLogEntry extends ChainLink {
  seq: number;
  /** UTC epoch milliseconds (workflow time). */
  at: number;
  type: IncidentLogType;
  actor: Actor;
  stepId?: string;
  /** Details: results summaries, reasons, old and new values. Never token values or patient data. */
  data: Record<string, unknown>;
}

/** Appends an entry, computing its hash from the previous one. Pure: usable inside workflow code. */
export function appendLogEntry(
  log: IncidentLogEntry[],
  entry: Omit<IncidentLogEntry, 'seq' | 'prevHash' | 'hash'>,
): IncidentLogEntry {
  const prev = log.length ? log[log.length - 1].hash : GENESIS_HASH;
  const link = chainLink(prev, { seq: log.length + 1, ...entry });
  log.push(link);
  return link;
}

/** The exported incident log (`tourniquet log … --out`), verified by `tourniquet timeline verify`. */
export interface IncidentLogExport {
  kind: 'tourniquet.incident-log';
  version: 1;
  incidentId: string;
  runbook: { name: string; version: number; sha256: string };
  mode: string;
  entries: IncidentLogEntry[];
  rootHash: string;
}

/** Verifies an export's chain and that its root hash is the last entry's hash. */
export function verifyIncidentLog(exported: IncidentLogExport): ChainVerdict {
  const verdict = verifyHashChain(exported.entries as unknown as Array<ChainLink & Record<string, unknown>>);
  if (verdict.ok && verdict.rootHash !== exported.rootHash) {
    return {
      ok: false,
      count: verdict.count,
      brokenAt: exported.entries.length,
      reason: `rootHash ${exported.rootHash} is not the last entry's hash ${verdict.rootHash}`,
    };
  }
  return verdict;
}

import type { Actor } from '../domain/actor';
import type { IncidentMode } from '../domain/mode';
import type { RoleDirectory } from '../domain/roles';
import type { ChainLink } from '../domain/hash-chain';
import type { DeadlineEvaluation, DeadlineFactsInput } from '../domain/deadlines';
import type { ReminderState } from '../domain/deadlines/reminder-schedule';

/** The facts a deadline workflow tracks: the evaluator's facts without `now` (workflow time supplies it). */
export type TrackedFacts = Omit<DeadlineFactsInput, 'now'>;

/** The rule packs a deadline workflow pinned when it started, and where they came from. */
export interface PinnedRulePacks {
  /** The packs as parsed YAML (validated again, purely, in the workflow). */
  packs: unknown[];
  /** SHA-256 over the pack files, in file order. */
  sha256: string;
  files: string[];
}

/** Input of `deadlineWorkflow` (workflow id: `<incidentId>.deadlines`). */
export interface DeadlineWorkflowInput {
  incidentId: string;
  facts: TrackedFacts;
  /** Who started the clocks. */
  startedBy: Actor;
  /** The incident's pinned roles: when given, only `legal` and `commander` actors may change the deadlines. */
  roles?: RoleDirectory;
  /** The incident's mode: notices of a tabletop or dry-run incident say so. */
  mode?: IncidentMode;
  /** Reminder offsets before each due instant as durations (`30d`, `72h`, `0s` = at due); default 30d 14d 7d 72h 24h 0s. */
  reminderOffsets?: string[];
  /** Repeat period of the overdue escalation (default `24h`). */
  escalateEvery?: string;
  /** History events after which a run continues as new (default 2,000; the server may suggest it earlier). */
  historyLimit?: number;
  /** Set by continue-as-new only: what the previous run knew. */
  carried?: CarriedDeadlineState;
}

/** What a run hands to the next through continue-as-new. */
export interface CarriedDeadlineState {
  rules: PinnedRulePacks;
  reminders: ReminderState;
  log: DeadlineLogEntry[];
  runs: number;
}

/** Kinds of deadline log entries. */
export type DeadlineLogType =
  | 'started'
  | 'notified'
  | 'law-enforcement-delay'
  | 'discovered-at-changed'
  | 'affected-changed'
  | 'fact-set'
  | 'reminder'
  | 'overdue'
  | 'closed';

/** One entry of the deadline log: workflow time, actor, what happened; hash-chained like the incident log. */
export interface DeadlineLogEntry extends ChainLink {
  seq: number;
  at: number;
  type: DeadlineLogType;
  actor: Actor;
  data: Record<string, unknown>;
}

/** `markNotified`: an obligation was met (notice sent), with a pointer to the evidence (letter, filing receipt). */
export interface MarkNotifiedRequest {
  obligation: string;
  actor: Actor;
  /** Where the proof is: a file in the evidence store, a filing confirmation number, a URL. */
  evidenceRef: string;
  /** When the notice went out (ISO 8601 with offset); default: now. */
  at?: string;
}

/** `requestLawEnforcementDelay` (45 CFR 164.412). */
export interface LawEnforcementDelayRequest {
  form: 'written' | 'oral';
  /** The end of the delay the official stated (required when written). */
  until?: string;
  /** When the statement was made (ISO 8601 with offset); default: now. */
  statedAt?: string;
  /** Only these obligations (ids or rule ids); default: every obligation the delay can toll. */
  obligations?: string[];
  actor: Actor;
  /** Who in law enforcement, agency, reference. Never patient data. */
  note?: string;
}

/** `setDiscoveredAt`: a corrected discovery time (every clock counting from discovery moves). */
export interface SetDeadlineDiscoveredAtRequest {
  discoveredAt: string;
  actor: Actor;
  reason: string;
}

/** `setAffected`: new counts (crossing a threshold creates obligations, e.g. 500 for HHS and the media). */
export interface SetAffectedRequest {
  total: number;
  byJurisdiction?: Record<string, number>;
  actor: Actor;
  reason?: string;
}

/** `setFact`: a determination the clocks of some regimes count from. */
export interface SetFactRequest {
  fact: 'materialityDeterminedAt' | 'awareAt' | 'determinedAt';
  at: string;
  actor: Actor;
  reason?: string;
}

/** `close`: counsel ends the tracking (reminders stop). */
export interface CloseDeadlinesRequest {
  actor: Actor;
  reason: string;
}

/** Signal from the incident workflow when its discovery time is corrected. */
export interface DiscoveredAtChangedSignal {
  discoveredAt: string;
  actor: Actor;
  reason: string;
}

/** What the `deadlines` query answers. */
export interface DeadlineStatus {
  incidentId: string;
  /** `starting` until the rule packs are loaded (a second or so after the start). */
  state: 'starting' | 'tracking' | 'closed';
  facts: TrackedFacts;
  /** The obligations at query time (`null` while starting). */
  evaluation: DeadlineEvaluation | null;
  /** Reminders and escalations still to come, earliest first. */
  upcoming: Array<{ obligationId: string; kind: 'reminder' | 'overdue'; at: string }>;
  /** The pinned rule packs (`null` while starting). */
  rules: { sha256: string; files: string[] } | null;
  log: DeadlineLogEntry[];
  /** How many times the workflow continued as new (history kept small). */
  runs: number;
}

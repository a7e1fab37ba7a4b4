import type { MissingFact } from './conditions';
import type { ObligationStatus, Recipient, Regime, UsJurisdiction } from './vocabulary';

/** One notification obligation as evaluated: when it is due, why, and where it stands. */
export interface ObligationResult {
  /** The rule id, or `ruleId:XX` for a rule that gives one obligation per jurisdiction (e.g. `hipaa-media:CA`). */
  id: string;
  ruleId: string;
  /** The jurisdiction of a per-jurisdiction obligation. */
  jurisdiction?: UsJurisdiction;
  title: string;
  regime: Regime;
  recipient: Recipient;
  /** Due instant, ISO 8601 UTC with milliseconds; `null` when not applicable, or met before it could be computed. */
  due: string | null;
  /** The same instant with the offset of the facts' time zone at that instant. */
  dueLocal: string | null;
  /** When the clock started (UTC), `null` when not applicable. */
  triggeredAt: string | null;
  /** How the due instant was computed, step by step: applicability, trigger, rule, tolling. */
  basis: string;
  citation: string;
  /** The law's own wording of the limit. */
  outerLimit: string;
  status: ObligationStatus;
  /** Why this status: how long until or since the deadline, when it was met, or why it does not apply. */
  statusReason: string;
  /** When it was met (UTC), if it was. */
  metAt?: string;
  /** True when a law-enforcement delay moved the deadline. */
  tolled: boolean;
  notes?: string;
  verifiedOn: string;
}

/** An obligation that may apply but cannot be decided or computed yet, and the facts it waits for. */
export interface UncomputedObligation extends Pick<
  ObligationResult,
  | 'id'
  | 'ruleId'
  | 'jurisdiction'
  | 'title'
  | 'regime'
  | 'recipient'
  | 'citation'
  | 'outerLimit'
  | 'notes'
  | 'verifiedOn'
> {
  /** What must be known first. */
  missing: MissingFact[];
  /** What is known so far. */
  basis: string;
}

/** The evaluator's answer for one set of facts. */
export interface DeadlineEvaluation {
  /** The facts' `now`, UTC. */
  evaluatedAt: string;
  /** The canonical IANA zone that counted the days. */
  timeZone: string;
  dueSoonWithinHours: number;
  /** Applicable obligations by due instant (earliest first), then those met without a computed due, then those not applicable. */
  obligations: ObligationResult[];
  /** Obligations waiting for facts (per-State counts, a materiality determination, …). */
  cannotCompute: UncomputedObligation[];
}

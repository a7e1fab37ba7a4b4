/** What `tourniquet deadlines` prints: the obligations table, the `--json` document, and hints for missing facts. */
import {
  formatLocal,
  parseInstant,
  type DeadlineEvaluation,
  type MissingFact,
  type ObligationResult,
  type RuleSet,
  type UncomputedObligation,
} from '../../domain/deadlines';
import { TourniquetError } from '../../domain/errors';

/** Exit code of a usage problem (bad flag): nothing was computed. */
export const EXIT_USAGE = 2;

/** A `deadlines` flag is wrong; the message names each flag and how to fix it. */
export class DeadlinesUsageError extends TourniquetError {
  constructor(public readonly problems: readonly string[]) {
    super(
      'DEADLINES_USAGE',
      `deadlines: ${problems.length === 1 ? 'bad option' : 'bad options'}:\n  ${problems.join('\n  ')}`,
    );
  }
}

/** How to supply a missing fact, worded for where the facts come from (flags, or a live incident's commands). */
export type FactHint = (missing: MissingFact) => string;

/** Hints for `tourniquet deadlines --…`: which flag supplies each missing fact. */
export function flagHints(ruleSet: RuleSet): FactHint {
  return (missing) => flagHint(missing, ruleSet);
}

function flagHint(missing: MissingFact, ruleSet: RuleSet): string {
  switch (missing.fact) {
    case 'residents':
      return 'give per-State counts, e.g. --affected CA=600,TX=250';
    case 'determinedAt':
      return 'give --determined-at ISO';
    case 'awareAt':
      return 'give --aware-at ISO';
    case 'materialityDeterminedAt':
      return 'give --material-at ISO';
    case 'attribute':
      return `give --attribute ${missing.attribute}=yes|no`;
    case 'obligation-met': {
      const recipients = missing.obligations.map((id) => ruleSet.rules.find((r) => r.id === id)?.recipient);
      if (recipients.includes('hhs')) return 'give --hhs-notified ISO once HHS is notified';
      if (recipients.includes('individuals'))
        return 'give --individuals-notified ISO once individuals are notified';
      return 'known once that obligation is met';
    }
  }
}

/**
 * Hints for a tracked incident: which `tourniquet` command records each missing fact. Recipients of the
 * obligations a fact waits for come from the evaluation itself (computed with the incident's pinned packs).
 */
export function incidentHints(incidentId: string, evaluation: DeadlineEvaluation): FactHint {
  const recipientOf = (ruleId: string) =>
    [...evaluation.obligations, ...evaluation.cannotCompute].find((o) => o.ruleId === ruleId)?.recipient;
  return (missing) => {
    switch (missing.fact) {
      case 'residents':
        return `tourniquet affected ${incidentId} TOTAL,CA=600,TX=250 --as YOU`;
      case 'determinedAt':
        return `tourniquet determined ${incidentId} breach ISO --as YOU`;
      case 'awareAt':
        return `tourniquet determined ${incidentId} awareness ISO --as YOU`;
      case 'materialityDeterminedAt':
        return `tourniquet determined ${incidentId} materiality ISO --as YOU`;
      case 'attribute':
        return `not settable on a live incident yet (rule pack question ${missing.attribute})`;
      case 'obligation-met': {
        const ids = missing.obligations.filter((id) => recipientOf(id) !== undefined);
        return `known once ${ids.join(', ') || 'that obligation'} is met: tourniquet notified ${incidentId} OBLIGATION --evidence REF --as YOU`;
      }
    }
  };
}

/** The `--json` document: obligations with the fields of the issue first, and what cannot be computed yet. */
export function deadlinesJson(evaluation: DeadlineEvaluation, hint: FactHint): unknown {
  return {
    obligations: evaluation.obligations.map((o: ObligationResult) => ({
      id: o.id,
      regime: o.regime,
      recipient: o.recipient,
      due: o.due,
      dueLocal: o.dueLocal,
      basis: o.basis,
      citation: o.citation,
      status: o.status,
      statusReason: o.statusReason,
      outerLimit: o.outerLimit,
      title: o.title,
      ruleId: o.ruleId,
      ...(o.jurisdiction ? { jurisdiction: o.jurisdiction } : {}),
      triggeredAt: o.triggeredAt,
      ...(o.metAt ? { metAt: o.metAt } : {}),
      tolled: o.tolled,
      ...(o.notes ? { notes: o.notes } : {}),
      verifiedOn: o.verifiedOn,
    })),
    cannotCompute: evaluation.cannotCompute.map((u: UncomputedObligation) => ({
      id: u.id,
      regime: u.regime,
      recipient: u.recipient,
      citation: u.citation,
      missing: u.missing.map((m) => ({ ...m, hint: hint(m) })),
      basis: u.basis,
      outerLimit: u.outerLimit,
      title: u.title,
      ruleId: u.ruleId,
      ...(u.jurisdiction ? { jurisdiction: u.jurisdiction } : {}),
      ...(u.notes ? { notes: u.notes } : {}),
      verifiedOn: u.verifiedOn,
    })),
    timeZone: evaluation.timeZone,
    evaluatedAt: evaluation.evaluatedAt,
  };
}

/** `2026-05-09T09:00:00.000-04:00` → `2026-05-09 09:00 -04:00`; seconds shown only when not zero. */
function shortInstant(iso: string | null): string {
  if (iso === null) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):(\d{2})\.(\d{3})(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return iso;
  const time = m[3] === '00' && m[4] === '000' ? m[2] : `${m[2]}:${m[3]}`;
  return m[5] === 'Z' ? `${m[1]} ${time}Z` : `${m[1]} ${time} ${m[5]}`;
}

/** Status with its reason (how long until or since the deadline), e.g. `pending: due in 50 days 2 h`. */
function statusCell(o: ObligationResult): string {
  if (o.status === 'not-applicable') return o.status;
  return o.statusReason.startsWith(o.status) ? o.statusReason : `${o.status}: ${o.statusReason}`;
}

/** Renders the evaluation for a terminal: a table of obligations, then what cannot be computed and why some do not apply. */
export function formatDeadlineTable(evaluation: DeadlineEvaluation, hint: FactHint): string {
  const head = [
    `DUE (${evaluation.timeZone})`,
    'DUE (UTC)',
    'REGIME',
    'RECIPIENT',
    'STATUS',
    'OBLIGATION',
    'CITATION',
  ];
  const rows = evaluation.obligations.map((o) => [
    shortInstant(o.dueLocal),
    shortInstant(o.due),
    o.regime,
    o.recipient,
    statusCell(o),
    o.id,
    o.citation,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [
    `Notification deadlines as of ${shortInstant(formatLocal(parseInstant(evaluation.evaluatedAt)!, evaluation.timeZone))} (${evaluation.timeZone}); due-soon = within ${evaluation.dueSoonWithinHours} h`,
    '',
    line(head),
    ...rows.map(line),
  ];
  if (evaluation.cannotCompute.length > 0) {
    out.push('', 'Cannot compute yet:');
    for (const u of evaluation.cannotCompute)
      out.push(
        `  ${u.id} (${u.regime} → ${u.recipient}): needs ${u.missing
          .map((m) => `${m.description} — ${hint(m)}`)
          .join('; ')}`,
      );
  }
  const notApplicable = evaluation.obligations.filter((o) => o.status === 'not-applicable');
  if (notApplicable.length > 0) {
    out.push('', 'Not applicable:');
    for (const o of notApplicable) out.push(`  ${o.id}: ${o.statusReason}`);
  }
  out.push(
    '',
    'Day counts run to the trigger’s local clock time (the earlier reading of "N days"). --json shows how each date was computed.',
  );
  return out.join('\n');
}

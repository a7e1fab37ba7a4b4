import { ipMatcher } from '../../ip';
import { toId18 } from '../../salesforce/ids';
import type { RawRecord } from '../event';
import type { StitchedEvent } from './types';

/** Matches IPs against IPv4 and IPv6 addresses and CIDR ranges; defined in domain/ip.ts, re-exported here. */
export { ipMatcher };

/** The markers reconstruction derives. */
export type MarkerName = 'first-suspicious-access' | 'first-export' | 'containment-action' | 'discovery';

/** What counts as suspicious, and how to recognise containment steps. */
export interface MarkerOptions {
  /** IPv4 or IPv6 addresses or CIDR ranges (`203.0.113.0/24`, `2001:db8::/32`), compared as parsed addresses. */
  suspiciousIps?: readonly string[];
  /** User ids (15 or 18 characters) or usernames (case-insensitive). */
  suspiciousUsers?: readonly string[];
  /**
   * Whether an incident-log `step-completed` event is a Salesforce step. Default: its target object, or its raw
   * `kind` / `activity` / `action` / `stepKind` / `stepId` / `data.action` field, mentions "salesforce".
   */
  isSalesforceStep?: (event: StitchedEvent) => boolean;
}

const CONTAINMENT_AUDIT_ACTIONS = new Set(['frozeuser', 'deactivateduser', 'revokedoauthtoken']);
/** SetupAuditTrail `Display` texts of the same actions (CSV exports carry the display text, not the code). */
const CONTAINMENT_AUDIT_TEXT = /^(froze user|deactivated user|revoked oauth)/i;
/** Fields naming what a step did; `data.action` is where Tourniquet's own log records it. */
const STEP_FIELDS = ['kind', 'activity', 'action', 'stepKind', 'stepId', 'data.action'];
const EXPORT_FORMAT_FIELDS = ['ExportFileFormat', 'EXPORT_FILE_FORMAT'];

/**
 * The raw fields the markers read (the default `isSalesforceStep` and {@link isExport}). The timeline build keeps
 * only these of each record's `raw` once it is parsed: a custom `isSalesforceStep` sees no other field.
 */
export const MARKER_RAW_FIELDS: readonly string[] = [...STEP_FIELDS, ...EXPORT_FORMAT_FIELDS];

/** The part of a raw record the markers read ({@link MARKER_RAW_FIELDS} that are present). */
export function markerRaw(raw: RawRecord): RawRecord {
  let out: RawRecord | undefined;
  for (const field of MARKER_RAW_FIELDS) {
    const v = raw[field];
    if (v !== undefined) (out ??= {})[field] = v;
  }
  return out ?? {};
}

function defaultIsSalesforceStep(e: StitchedEvent): boolean {
  if (e.target?.object && /salesforce/i.test(e.target.object)) return true;
  return STEP_FIELDS.some((f) => {
    const v = e.raw[f];
    return typeof v === 'string' && /salesforce/i.test(v);
  });
}

/** True for export events: ReportExport, BulkApiResult events, or records carrying an export file format. */
export function isExport(e: StitchedEvent): boolean {
  if (/^(ReportExport|BulkApiResult)/i.test(e.action)) return true;
  if (/BulkApiResult/i.test(e.source)) return true;
  const format = e.raw[EXPORT_FORMAT_FIELDS[0]] ?? e.raw[EXPORT_FORMAT_FIELDS[1]];
  return typeof format === 'string' && format.trim() !== '';
}

/**
 * Derives markers event by event over the sorted stream: `first-suspicious-access` and `first-export` mark the
 * first matching event only; `containment-action` and `discovery` mark every matching event. The summary keeps the
 * first seq of each marker.
 */
export class MarkerDetector {
  private readonly suspiciousIp: (ip: string | undefined) => boolean;
  private readonly suspiciousUsers: Set<string>;
  private readonly isSalesforceStep: (event: StitchedEvent) => boolean;
  private readonly seen = new Set<MarkerName>();

  constructor(options: MarkerOptions = {}) {
    this.suspiciousIp = ipMatcher(options.suspiciousIps ?? []);
    this.suspiciousUsers = new Set((options.suspiciousUsers ?? []).map((u) => toId18(u) ?? u.toLowerCase()));
    this.isSalesforceStep = options.isSalesforceStep ?? defaultIsSalesforceStep;
  }

  /** The markers of one event (in a fixed order), updating first-of state. */
  markersOf(e: StitchedEvent): MarkerName[] {
    const out: MarkerName[] = [];
    if (!this.seen.has('first-suspicious-access') && this.isSuspicious(e)) {
      this.seen.add('first-suspicious-access');
      out.push('first-suspicious-access');
    }
    if (!this.seen.has('first-export') && isExport(e)) {
      this.seen.add('first-export');
      out.push('first-export');
    }
    if (this.isContainment(e)) out.push('containment-action');
    if (e.source === 'incident-log' && (e.action === 'declared' || e.action === 'discovered-at-changed'))
      out.push('discovery');
    return out;
  }

  private isSuspicious(e: StitchedEvent): boolean {
    if (this.suspiciousIp(e.ip)) return true;
    if (!this.suspiciousUsers.size) return false;
    const id = e.actor.userId ? (toId18(e.actor.userId) ?? e.actor.userId) : undefined;
    if (id && this.suspiciousUsers.has(id)) return true;
    return !!e.actor.username && this.suspiciousUsers.has(e.actor.username.toLowerCase());
  }

  private isContainment(e: StitchedEvent): boolean {
    if (e.source === 'incident-log') return e.action === 'step-completed' && this.isSalesforceStep(e);
    if (e.source === 'SetupAuditTrail')
      return CONTAINMENT_AUDIT_ACTIONS.has(e.action.toLowerCase()) || CONTAINMENT_AUDIT_TEXT.test(e.action);
    return false;
  }
}

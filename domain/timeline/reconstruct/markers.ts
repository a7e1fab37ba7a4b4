import { toId18 } from '../../salesforce/ids';
import type { StitchedEvent } from './types';

/** The markers reconstruction derives. */
export type MarkerName = 'first-suspicious-access' | 'first-export' | 'containment-action' | 'discovery';

/** What counts as suspicious, and how to recognise containment steps. */
export interface MarkerOptions {
  /** IPv4 addresses or CIDRs (`203.0.113.0/24`), or exact IPv6 addresses. */
  suspiciousIps?: readonly string[];
  /** User ids (15 or 18 characters) or usernames (case-insensitive). */
  suspiciousUsers?: readonly string[];
  /**
   * Whether an incident-log `step-completed` event is a Salesforce step. Default: its target object, or its raw
   * `kind` / `activity` / `action` / `stepKind` / `stepId` field, mentions "salesforce".
   */
  isSalesforceStep?: (event: StitchedEvent) => boolean;
}

const CONTAINMENT_AUDIT_ACTIONS = new Set(['frozeuser', 'deactivateduser', 'revokedoauthtoken']);
/** SetupAuditTrail `Display` texts of the same actions (CSV exports carry the display text, not the code). */
const CONTAINMENT_AUDIT_TEXT = /^(froze user|deactivated user|revoked oauth)/i;
const STEP_FIELDS = ['kind', 'activity', 'action', 'stepKind', 'stepId'];

function defaultIsSalesforceStep(e: StitchedEvent): boolean {
  if (e.target?.object && /salesforce/i.test(e.target.object)) return true;
  return STEP_FIELDS.some((f) => {
    const v = e.raw[f];
    return typeof v === 'string' && /salesforce/i.test(v);
  });
}

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Returns a predicate matching an IP against addresses and IPv4 CIDRs. */
export function ipMatcher(list: readonly string[]): (ip: string | undefined) => boolean {
  const exact = new Set<string>();
  const ranges: Array<[number, number]> = [];
  for (const entry of list) {
    const [addr, bits] = entry.trim().split('/');
    const v4 = ipv4(addr);
    if (bits !== undefined && v4 !== undefined) {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > 32)
        throw new RangeError(`bad CIDR ${entry}: prefix must be 0–32`);
      const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
      ranges.push([(v4 & mask) >>> 0, mask]);
    } else exact.add(addr.toLowerCase());
  }
  return (ip) => {
    if (!ip) return false;
    if (exact.has(ip.toLowerCase())) return true;
    if (!ranges.length) return false;
    const v4 = ipv4(ip);
    return v4 !== undefined && ranges.some(([net, mask]) => (v4 & mask) >>> 0 === net);
  };
}

/** True for export events: ReportExport, BulkApiResult events, or records carrying an export file format. */
export function isExport(e: StitchedEvent): boolean {
  if (/^(ReportExport|BulkApiResult)/i.test(e.action)) return true;
  if (/BulkApiResult/i.test(e.source)) return true;
  const format = e.raw.ExportFileFormat ?? e.raw.EXPORT_FILE_FORMAT;
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

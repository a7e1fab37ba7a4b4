import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { orgNameSchema } from '../../domain/salesforce/action-inputs';
import { soqlDateTime, soqlIdList } from '../../domain/salesforce/soql';
import { isoInstantSchema, salesforceIdSchema, userTargetsSchema } from '../../domain/salesforce/targets';
import type { OrgConnection, SalesforceApi } from './api';
import { chunk } from './concurrency';
import { SalesforceApiError } from './errors';
import { IDS_PER_QUERY, resolveUserIds } from './read';

/** Input of collectEvidence: which org, which window, which users (all when absent), where to write. */
export const collectInputSchema = z.object({
  org: orgNameSchema,
  incidentId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  from: isoInstantSchema,
  to: isoInstantSchema,
  userIds: z.array(salesforceIdSchema).max(100_000).optional(),
  /** Users as runbook targets (IDs and selectors); resolved by read-only queries and added to `userIds`. */
  users: userTargetsSchema.optional(),
});
/** See {@link collectInputSchema}. */
export type CollectInput = z.input<typeof collectInputSchema>;

/** One collected evidence file. */
export interface CollectedFile {
  /** Path relative to the incident's evidence folder. */
  path: string;
  source: string;
  bytes: number;
  sha256: string;
  /** Records written (query results), when known. */
  records?: number;
}

/** The manifest written next to the evidence (`manifest.json`). */
export interface EvidenceManifest {
  kind: 'tourniquet.evidence-manifest';
  version: 1;
  incidentId: string;
  org: string;
  window: { from: string; to: string };
  userIds: string[] | 'all';
  collectedAt: string;
  files: CollectedFile[];
  /** Sources the org could not provide, with Salesforce's reason (e.g. Event Monitoring not licensed). */
  unavailable: Array<{ source: string; reason: string }>;
}

/** Fields every Real-Time Event Monitoring object shares (who, from where, which session). */
const RTEM_COMMON = [
  'EventIdentifier',
  'EventDate',
  'UserId',
  'Username',
  'SourceIp',
  'LoginKey',
  'SessionKey',
];

/** Real-Time Event Monitoring objects collected when the org has Event Monitoring, with their own fields. */
const RTEM_OBJECTS: Record<string, string[]> = {
  LoginEvent: ['Status', 'LoginType', 'Application'],
  ApiEvent: ['Query', 'QueriedEntities', 'RowsProcessed', 'Records'],
  ReportEvent: ['ReportId', 'ExportFileFormat', 'RowsProcessed'],
  LightningUriEvent: ['RecordId', 'Operation'],
  BulkApiResultEvent: ['Query', 'RowsProcessed'],
};

/** Writes text pieces to `file` while hashing them; returns bytes and SHA-256. */
class HashingWriter {
  private readonly hash = createHash('sha256');
  private readonly fd: number;
  bytes = 0;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
  }
  write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    this.hash.update(buf);
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
  }
  close(): { bytes: number; sha256: string } {
    fs.closeSync(this.fd);
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/**
 * Writes a query's records as a REST query result, page by page as Salesforce answers, so the file holds
 * exactly what Salesforce returned, in its order, without holding it in memory. `totalSize` comes after the
 * records (known only at the end); JSON member order carries no meaning.
 */
async function writeQueryResult(
  api: SalesforceApi,
  soqls: string[],
  file: string,
): Promise<{ bytes: number; sha256: string; records: number }> {
  const out = new HashingWriter(file);
  let total = 0;
  try {
    out.write('{"records":[');
    for (const soql of soqls) {
      for await (const page of api.queryPages<unknown>(soql)) {
        for (const r of page) out.write((total++ === 0 ? '\n' : ',\n') + JSON.stringify(r));
      }
    }
    out.write(`\n],"totalSize":${total},"done":true}\n`);
  } catch (err) {
    out.close();
    throw err;
  }
  return { ...out.close(), records: total };
}

/** Streams a blob (EventLogFile.LogFile) to `file`, hashing as it goes; retries the whole download on 5xx. */
async function downloadBlob(
  org: OrgConnection,
  urlPath: string,
  file: string,
  attempts = 4,
): Promise<{ bytes: number; sha256: string }> {
  for (let attempt = 1; ; attempt++) {
    const conn = org.connection;
    const response = await fetch(`${conn.instanceUrl}${urlPath}`, {
      headers: { Authorization: `Bearer ${conn.accessToken}` },
    });
    if (response.ok && response.body) {
      const hash = createHash('sha256');
      let bytes = 0;
      const source = Readable.fromWeb(response.body);
      source.on('data', (c: Buffer) => {
        hash.update(c);
        bytes += c.length;
      });
      await pipeline(source, fs.createWriteStream(file, { mode: 0o600 }));
      return { bytes, sha256: hash.digest('hex') };
    }
    const body = await response.text();
    if (response.status < 500 || attempt >= attempts) {
      throw new SalesforceApiError(
        `ERROR_HTTP_${response.status}`,
        `GET ${urlPath}: ${body.slice(0, 300)}`,
        attempt,
      );
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
  }
}

const userFilter = (field: string, ids: string[] | undefined): string[] =>
  ids?.length ? chunk(ids, IDS_PER_QUERY).map((c) => ` AND ${field} IN ${soqlIdList(c)}`) : [''];

/**
 * Collects the audit evidence for a window (and, optionally, a set of users) into the incident's evidence
 * folder: every EventLogFile whose log date overlaps the window (streamed, never whole in memory), the
 * SetupAuditTrail and LoginHistory rows as REST query results, and the Real-Time Event Monitoring objects the
 * org provides. Each file is SHA-256'd as it is written; `manifest.json` lists them. Files are created
 * exclusively (never overwritten): evidence, once written, is not replaced.
 */
export async function collectEvidence(
  api: SalesforceApi,
  org: OrgConnection,
  input: z.infer<typeof collectInputSchema>,
  evidenceDir: string,
): Promise<EvidenceManifest> {
  fs.mkdirSync(evidenceDir, { recursive: true });
  if (input.users) {
    const resolved = await resolveUserIds(api, input.users);
    // Targets that match nobody (e.g. an IP range with no login yet) must not narrow the evidence to nothing.
    if (resolved.length)
      input = { ...input, userIds: [...new Set([...(input.userIds ?? []), ...resolved])].sort() };
  }
  const from = soqlDateTime(input.from);
  const to = soqlDateTime(input.to);
  const files: CollectedFile[] = [];
  const unavailable: EvidenceManifest['unavailable'] = [];
  const add = (rel: string, source: string, written: { bytes: number; sha256: string; records?: number }) =>
    files.push({ path: rel, source, ...written });

  // EventLogFile rows are dated by the start of their day (daily) or hour (hourly): take any that overlap.
  const dayStart = soqlDateTime(Math.floor(input.from / 86_400_000) * 86_400_000);
  const logs = await api.query<{
    Id: string;
    EventType: string;
    LogDate: string;
    Interval?: string;
    Sequence?: number;
  }>(
    `SELECT Id, EventType, LogDate, Interval, Sequence FROM EventLogFile WHERE LogDate >= ${dayStart} AND LogDate <= ${to} ORDER BY LogDate, EventType`,
  );
  for (const log of logs) {
    const rel = `EventLogFile/${log.EventType}-${log.LogDate.replace(/[:.+]/g, '')}-${log.Interval ?? 'Daily'}-${log.Sequence ?? 0}-${log.Id}.csv`;
    fs.mkdirSync(path.join(evidenceDir, 'EventLogFile'), { recursive: true });
    const written = await downloadBlob(
      org,
      `/services/data/v${org.connection.version}/sobjects/EventLogFile/${log.Id}/LogFile`,
      path.join(evidenceDir, rel),
    );
    add(rel, `EventLogFile:${log.EventType}`, written);
  }

  const setup = await writeQueryResult(
    api,
    [
      `SELECT Id, Action, Section, Display, CreatedDate, CreatedById, CreatedBy.Username, DelegateUser FROM SetupAuditTrail WHERE CreatedDate >= ${from} AND CreatedDate <= ${to} ORDER BY CreatedDate`,
    ],
    path.join(evidenceDir, 'SetupAuditTrail.json'),
  );
  add('SetupAuditTrail.json', 'SetupAuditTrail', setup);

  const logins = await writeQueryResult(
    api,
    userFilter('UserId', input.userIds).map(
      (f) =>
        `SELECT Id, UserId, LoginTime, SourceIp, Status, LoginType, Application, Browser, Platform FROM LoginHistory WHERE LoginTime >= ${from} AND LoginTime <= ${to}${f} ORDER BY LoginTime`,
    ),
    path.join(evidenceDir, 'LoginHistory.json'),
  );
  add('LoginHistory.json', 'LoginHistory', logins);

  for (const [object, own] of Object.entries(RTEM_OBJECTS)) {
    const rel = `RTEM/${object}.json`;
    fs.mkdirSync(path.join(evidenceDir, 'RTEM'), { recursive: true });
    try {
      const written = await writeQueryResult(
        api,
        userFilter('UserId', input.userIds).map(
          (f) =>
            `SELECT ${[...RTEM_COMMON, ...own].join(', ')} FROM ${object} WHERE EventDate >= ${from} AND EventDate <= ${to}${f} ORDER BY EventDate`,
        ),
        path.join(evidenceDir, rel),
      );
      add(rel, `RTEM:${object}`, written);
    } catch (err) {
      if (
        err instanceof SalesforceApiError &&
        (err.sfCode === 'INVALID_TYPE' || err.sfCode === 'NOT_FOUND')
      ) {
        fs.rmSync(path.join(evidenceDir, rel), { force: true });
        unavailable.push({
          source: `RTEM:${object}`,
          reason: `${err.sfCode}: this org does not expose ${object} (Real-Time Event Monitoring needs Shield or the Event Monitoring add-on)`,
        });
      } else throw err;
    }
  }

  const manifest: EvidenceManifest = {
    kind: 'tourniquet.evidence-manifest',
    version: 1,
    incidentId: input.incidentId,
    org: input.org,
    window: { from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString() },
    userIds: input.userIds?.length ? input.userIds : 'all',
    collectedAt: new Date().toISOString(),
    files,
    unavailable,
  };
  fs.writeFileSync(path.join(evidenceDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  return manifest;
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { IncidentLogExport } from '../../domain/incident-log';
import type { SourceFormat } from '../../domain/timeline/parsers';
import { formatZodIssues } from '../../domain/zod-issues';
import { buildTimelineFromFiles, type BuildTimelineSummary } from './build';
import { hashFile, type EvidenceFile, type EvidenceManifest } from './evidence';
import { RejectsFile } from './sources';

/** Input of the `buildIncidentTimeline` activity. */
export const buildIncidentTimelineInputSchema = z.object({
  incidentId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'an incident id such as INC-20260310-7KQ2ZD'),
  /** A collection folder written by `collectEvidence` (it holds `manifest.json`). */
  evidenceDir: z.string().min(1, 'the collection folder returned by collectEvidence'),
  /** The incident log at the time of the build; written next to the timeline and parsed as a source. */
  incidentLog: z.custom<IncidentLogExport>(
    (v) => typeof v === 'object' && v !== null && Array.isArray((v as IncidentLogExport).entries),
    'an incident log export ({ entries: [...] })',
  ),
  suspiciousIps: z.array(z.string().min(1)).max(1_000).default([]),
  suspiciousUsers: z.array(z.string().min(1)).max(100_000).default([]),
  /** Per-source clock offsets in ms (source name or `Family:*` → offset). */
  skew: z.record(z.string(), z.number().int().min(-86_400_000).max(86_400_000)).default({}),
});
/** See {@link buildIncidentTimelineInputSchema}. */
export type BuildIncidentTimelineInput = z.input<typeof buildIncidentTimelineInputSchema>;

/** What the `buildIncidentTimeline` activity returns (paths are absolute on the worker's machine). */
export interface IncidentTimelineResult extends Omit<BuildTimelineSummary, 'ms'> {
  timelinePath: string;
  csvPath: string;
  rejectsPath: string;
  /** The first rejects (file:line reason), so the incident log shows what was not parsed. */
  rejectSample: string[];
  evidenceFiles: number;
  ms: number;
}

/** The collection manifest fields the build reads (see `collectEvidence`). */
interface CollectionManifest {
  files: Array<EvidenceFile & { source: string }>;
}

/** The parser format of a collected file, from its manifest `source` (`EventLogFile:Login`, `RTEM:ApiEvent`, …). */
function formatOfCollected(source: string): SourceFormat {
  const family = source.split(':')[0];
  switch (family) {
    case 'EventLogFile':
      return 'eventlogfile-csv';
    case 'RTEM':
      return 'rtem-json';
    case 'SetupAuditTrail':
      return 'setup-audit-trail-json';
    case 'LoginHistory':
      return 'login-history-json';
    default:
      throw ApplicationFailure.nonRetryable(
        `buildIncidentTimeline: the manifest lists a source '${source}' this version cannot parse.`,
        'NO_EVIDENCE_MANIFEST',
      );
  }
}

function readCollectionManifest(dir: string): CollectionManifest {
  const file = path.join(dir, 'manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw ApplicationFailure.nonRetryable(
      `buildIncidentTimeline: cannot read ${file} (${(err as Error).message}); collect evidence first.`,
      'NO_EVIDENCE_MANIFEST',
    );
  }
  const files = (parsed as Partial<CollectionManifest>).files;
  if (!Array.isArray(files))
    throw ApplicationFailure.nonRetryable(
      `buildIncidentTimeline: ${file} has no files list; it was not written by collectEvidence.`,
      'NO_EVIDENCE_MANIFEST',
    );
  return { files };
}

/** What the timeline activities need: the worker's evidence folder (collections live under it). */
export interface TimelineActivityDeps {
  evidenceRoot?: string;
}

/** Builds the timeline activities. */
export function createTimelineActivities(deps: TimelineActivityDeps) {
  return {
    /**
     * Builds an incident's timeline from a collection folder: writes the incident log beside it, adds that file
     * to the evidence manifest, parses every collected file (rejects to `rejects.ndjson`), and writes
     * `timeline.json` and `timeline.csv` in a new `timeline-<ms>` folder. Nothing is overwritten.
     */
    buildIncidentTimeline(input: BuildIncidentTimelineInput): Promise<IncidentTimelineResult> {
      return buildIncidentTimeline(deps, input);
    },
  };
}

async function buildIncidentTimeline(
  deps: TimelineActivityDeps,
  input: BuildIncidentTimelineInput,
): Promise<IncidentTimelineResult> {
  const parsed = buildIncidentTimelineInputSchema.safeParse(input);
  if (!parsed.success)
    throw ApplicationFailure.nonRetryable(
      `buildIncidentTimeline: invalid input:\n${formatZodIssues(parsed.error)}`,
      'INVALID_INPUT',
    );
  if (!deps.evidenceRoot)
    throw ApplicationFailure.nonRetryable(
      'buildIncidentTimeline: this worker has no evidence folder configured.',
      'NO_EVIDENCE_ROOT',
    );
  const { incidentLog } = parsed.data;
  const incidentRoot = path.resolve(deps.evidenceRoot, parsed.data.incidentId);
  const evidenceDir = path.resolve(parsed.data.evidenceDir);
  if (!evidenceDir.startsWith(incidentRoot + path.sep))
    throw ApplicationFailure.nonRetryable(
      `buildIncidentTimeline: ${evidenceDir} is not a collection of incident ${parsed.data.incidentId} (expected a folder under ${incidentRoot}).`,
      'INVALID_INPUT',
    );
  const collected = readCollectionManifest(evidenceDir);
  const outDir = path.join(evidenceDir, `timeline-${Date.now()}`);
  fs.mkdirSync(outDir, { recursive: false });
  const rel = (p: string) => path.relative(evidenceDir, p).split(path.sep).join('/');

  const logPath = path.join(outDir, 'incident-log.json');
  fs.writeFileSync(logPath, JSON.stringify(incidentLog, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  const manifest: EvidenceManifest = {
    files: [
      ...collected.files.map(({ path: p, bytes, sha256 }) => ({ path: p, bytes, sha256 })),
      { path: rel(logPath), ...(await hashFile(logPath)) },
    ],
    createdAt: new Date().toISOString(),
  };
  // Collected files are of known kinds: no detection (an empty query result has no record to detect from).
  const specs = [
    ...collected.files.map((f) => ({
      path: path.join(evidenceDir, f.path),
      file: f.path,
      bytes: f.bytes,
      format: formatOfCollected(f.source),
    })),
    {
      path: logPath,
      file: rel(logPath),
      bytes: manifest.files[manifest.files.length - 1].bytes,
      format: 'incident-log-json' as const,
    },
  ];
  const rejects = await RejectsFile.open(path.join(outDir, 'rejects.ndjson'));
  const timelinePath = path.join(outDir, 'timeline.json');
  const csvPath = path.join(outDir, 'timeline.csv');
  let summary: BuildTimelineSummary;
  try {
    // Heartbeats (throttled by the SDK) while parsing and while merging, so a dead worker is noticed quickly.
    const heartbeat = (details: object) => Context.current().heartbeat(details);
    summary = await buildTimelineFromFiles(specs, {
      rejects,
      onProgress: (p) => heartbeat({ phase: 'parse', events: p.events, bytesRead: p.bytesRead }),
      onMerged: (events) => heartbeat({ phase: 'merge', events }),
      out: timelinePath,
      csv: csvPath,
      tmpDir: outDir,
      manifest,
      skew: parsed.data.skew,
      markers: {
        suspiciousIps: parsed.data.suspiciousIps,
        suspiciousUsers: parsed.data.suspiciousUsers,
      },
    });
  } finally {
    await rejects.close();
  }
  return {
    ...summary,
    timelinePath,
    csvPath,
    rejectsPath: rejects.path,
    rejectSample: rejects.sample.slice(0, 5).map((r) => `${r.file}:${r.line} ${r.reason}`),
    evidenceFiles: manifest.files.length,
  };
}

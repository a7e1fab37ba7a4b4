/** `timeline verify`: a timeline (chain, root hash, optionally its evidence) or an exported incident log. */
import * as fs from 'node:fs';
import { HEADER_PREFIX, verifyTimelineFile, type TimelineVerdict } from '../../activities/timeline';
import { verifyIncidentLog, type IncidentLogExport } from '../../domain/incident-log';
import { errnoText, plural, readHead, TimelineUsageError } from './usage';

/** What `timeline verify` found, for `--json`. */
export type VerifyReport =
  | ({ file: string; kind: 'timeline'; evidenceFile?: string } & Omit<
      Extract<TimelineVerdict, { ok: true }>,
      'file'
    >)
  | ({ file: string; kind: 'timeline'; evidenceFile?: string } & Omit<
      Extract<TimelineVerdict, { ok: false }>,
      'file'
    >)
  | ({ file: string; kind: 'incident-log' } & ReturnType<typeof verifyIncidentLog> & { line: string });

/** Whether a file is a timeline written by `writeTimeline` (by its first bytes). */
async function isTimelineFile(file: string): Promise<boolean> {
  try {
    return (await readHead(file, HEADER_PREFIX.length)) === HEADER_PREFIX;
  } catch (err) {
    throw new TimelineUsageError(`${file}: cannot read it (${errnoText(err)}); check the path`, {
      cause: err,
    });
  }
}

/** Verifies a timeline or an incident-log export; returns the line to print and the report. */
export async function runTimelineVerify(
  file: string,
  opts: { evidence?: string } = {},
): Promise<{ ok: boolean; line: string; report: VerifyReport }> {
  if (await isTimelineFile(file)) {
    if (opts.evidence) {
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(opts.evidence);
      } catch {
        st = undefined;
      }
      if (!st?.isDirectory())
        throw new TimelineUsageError(
          `--evidence ${opts.evidence}: not a folder; give the evidence folder the timeline was built from`,
        );
    }
    const verdict = await verifyTimelineFile(file, { evidenceDir: opts.evidence });
    const { file: evidenceFile, ...rest } = verdict as TimelineVerdict & { file?: string };
    const report: VerifyReport = {
      file,
      kind: 'timeline',
      ...rest,
      ...(evidenceFile ? { evidenceFile } : {}),
    };
    if (verdict.ok)
      return {
        ok: true,
        report,
        line: `${file}: intact — ${plural(verdict.events, 'event')}, root hash ${verdict.rootHash}${
          verdict.evidenceFiles !== undefined
            ? `, evidence: ${plural(verdict.evidenceFiles, 'file')} re-hashed`
            : ''
        }`,
      };
    return {
      ok: false,
      report,
      line:
        verdict.brokenAt !== null
          ? `${file}: BROKEN at event seq ${verdict.brokenAt}: ${verdict.reason}`
          : `${file}: BROKEN: ${verdict.reason}`,
    };
  }
  if (opts.evidence)
    throw new TimelineUsageError(
      `--evidence: ${file} is not a timeline (an incident-log export has no evidence manifest); leave --evidence out`,
    );
  let exported: IncidentLogExport;
  try {
    exported = JSON.parse(fs.readFileSync(file, 'utf8')) as IncidentLogExport;
  } catch (err) {
    throw new TimelineUsageError(
      `${file}: neither a timeline (tourniquet timeline build) nor an incident-log export (tourniquet log): ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (!exported || typeof exported !== 'object' || !Array.isArray(exported.entries))
    throw new TimelineUsageError(
      `${file}: neither a timeline (tourniquet timeline build) nor an incident-log export (tourniquet log): no "entries" array`,
    );
  const verdict = verifyIncidentLog(exported);
  let line: string;
  if (verdict.ok) line = `${file}: intact — ${verdict.count} entries, root hash ${verdict.rootHash}`;
  else {
    const entry = exported.entries[verdict.brokenAt];
    line = `${file}: BROKEN at entry ${verdict.brokenAt + 1}${entry ? ` (seq ${entry.seq}, ${entry.type})` : ''}: ${verdict.reason}`;
  }
  return { ok: verdict.ok, line, report: { file, kind: 'incident-log', ...verdict, line } };
}

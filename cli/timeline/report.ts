import type { BuildReport } from './build';
import { n, plural } from './usage';

const REJECTS_SHOWN = 5;

/** Renders a build report for a terminal. */
export function formatBuildReport(r: BuildReport): string {
  const lines: string[] = [];
  lines.push(
    `${r.out}: ${plural(r.events, 'event')} from ${plural(r.inputs.length, 'input')}, root hash ${r.rootHash}`,
  );
  if (r.rejects) {
    lines.push(
      `  WARNING: ${plural(r.rejects, 'record')} could not be parsed and ${r.rejects === 1 ? 'is' : 'are'} NOT in the timeline — see ${r.rejectsFile}`,
    );
    for (const x of r.rejectSample.slice(0, REJECTS_SHOWN)) lines.push(`    ${x.file}:${x.line} ${x.reason}`);
    if (r.rejects > REJECTS_SHOWN)
      lines.push(`    … ${n(r.rejects - REJECTS_SHOWN)} more in ${r.rejectsFile}`);
  }
  if (r.unusedSkew.length)
    lines.push(
      `  WARNING: --skew ${r.unusedSkew.join(', ')} matched no event source, so it changed nothing (sources seen: ${r.sources.join(', ')}; a pattern such as EventLogFile:* covers every EventLogFile type)`,
    );
  lines.push('inputs:');
  for (const i of r.inputs)
    lines.push(
      `  ${i.file}  ${i.format}  ${plural(i.eventsRead, 'event')} read, ${n(i.rejects)} rejected${i.filteredOut ? `, ${n(i.filteredOut)} filtered out` : ''}`,
    );
  for (const s of r.skipped) lines.push(`  skipped ${s.path} (${s.reason})`);
  lines.push(
    `events kept per source (before deduplication): ${Object.entries(r.eventsPerSource)
      .map(
        ([s, c]) => `${s} ${n(c)}${r.rejectsPerSource[s] ? ` (+${n(r.rejectsPerSource[s])} rejected)` : ''}`,
      )
      .join(', ')}`,
  );
  if (r.filter.from || r.filter.to || r.filter.users.length)
    lines.push(
      `filtered out: ${plural(r.filteredOut, 'event')} of ${n(r.eventsRead)} (${[
        r.filter.from ? `from ${r.filter.from}` : '',
        r.filter.to ? `to ${r.filter.to}` : '',
        r.filter.users.length ? `users ${r.filter.users.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(', ')}; skew-corrected time)`,
    );
  lines.push(`duplicates merged: ${n(r.duplicatesMerged)}`);
  lines.push(`time span: ${r.timeSpan ? `${r.timeSpan.from} → ${r.timeSpan.to}` : 'none (no events)'}`);
  const markers = Object.entries(r.markers);
  lines.push(`markers:${markers.length ? '' : ' none'}`);
  for (const [name, m] of markers) lines.push(`  ${name.padEnd(24)} seq ${m.seq}  ${m.time}`);
  if (Object.keys(r.skew).length)
    lines.push(
      `skew: ${Object.entries(r.skew)
        .map(([s, ms]) => `${s} ${ms >= 0 ? '+' : ''}${ms} ms`)
        .join(', ')}`,
    );
  lines.push(`root hash: ${r.rootHash}`);
  lines.push(
    `outputs: ${[r.out, r.ndjson, r.csv].filter(Boolean).join(', ')}; rejects: ${r.rejects ? r.rejectsFile : `none (${r.rejectsFile} is empty)`}`,
  );
  lines.push(
    `evidence: ${plural(r.evidence.files, 'file')} hashed, relative to ${r.evidence.baseDir} (check: tourniquet timeline verify ${r.out} --evidence ${r.evidence.baseDir})`,
  );
  lines.push(`elapsed: ${n(r.ms)} ms (${n(r.eventsPerSecond)} events/s)`);
  return lines.join('\n');
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildReport } from '../../cli/timeline/build';
import { SYSTEM_ACTOR } from '../../domain/actor';
import { appendLogEntry, type IncidentLogEntry, type IncidentLogExport } from '../../domain/incident-log';
import { cliEnv, runCli } from '../support/cli';
import { tempDir } from '../support/temporal';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'timeline', 'cli');
const HEX64 = '[0-9a-f]{64}';

let tmp: string;
let evidence: string;
let env: NodeJS.ProcessEnv;
/** The timeline built once from every fixture (3 formats, one malformed ELF row). */
let out: string;
let built: { code: number | null; stdout: string; stderr: string };

const run = (...args: string[]) => runCli(args, env);

/** `timeline build … --json` → the parsed report (asserting exit 0). */
async function buildJson(...args: string[]): Promise<BuildReport> {
  const r = await run('timeline', 'build', ...args, '--json');
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  return JSON.parse(r.stdout) as BuildReport;
}

interface Line {
  seq: number;
  source: string;
  ts: number;
  sourceTs: number;
  time: string;
  actor: { userId?: string };
}

function ndjson(file: string): Line[] {
  return fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

beforeAll(async () => {
  tmp = tempDir('timeline-cli');
  env = cliEnv(path.join(tmp, 'data'));
  evidence = path.join(tmp, 'evidence');
  fs.cpSync(FIXTURES, evidence, { recursive: true });
  out = path.join(tmp, 'out', 'timeline.json');
  built = await run(
    'timeline',
    'build',
    evidence,
    '--out',
    out,
    '--ndjson',
    path.join(tmp, 'out', 'timeline.ndjson'),
    '--suspicious-ip',
    '203.0.113.0/24',
  );
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('tourniquet timeline build', () => {
  test('builds from EventLogFile CSV, LoginHistory JSON and SetupAuditTrail JSON; the malformed row is reported, not dropped', () => {
    expect(built.code).toBe(0);
    const text = built.stdout;
    expect(text).toMatch(
      new RegExp(
        `^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 8 events from 3 inputs, root hash ${HEX64}\n`,
      ),
    );
    expect(text).toContain(
      `WARNING: 1 record could not be parsed and is NOT in the timeline — see ${out}.rejects.ndjson`,
    );
    expect(text).toContain('elf-report-export.csv:4 not an ISO 8601 timestamp');
    expect(text).toMatch(/elf-report-export\.csv {2}eventlogfile-csv {2}3 events read, 1 rejected/);
    expect(text).toMatch(/login-history\.json {2}login-history-json {2}3 events read, 0 rejected/);
    expect(text).toMatch(/setup-audit-trail\.json {2}setup-audit-trail-json {2}2 events read, 0 rejected/);
    expect(text).toContain('EventLogFile 3 (+1 rejected), LoginHistory 3, SetupAuditTrail 2');
    expect(text).toContain('time span: 2026-03-10T18:45:00.000Z → 2026-03-10T19:12:00.000Z');
    expect(text).toMatch(/first-suspicious-access +seq 1 {2}2026-03-10T18:45:00\.000Z/);
    expect(text).toMatch(/first-export +seq 3 {2}2026-03-10T19:00:00\.000Z/);
    expect(text).toMatch(/containment-action +seq 8 {2}2026-03-10T19:12:00\.000Z/);
    expect(text).toContain(`evidence: 3 files hashed, relative to ${fs.realpathSync(evidence)}`);
    expect(text).toMatch(/elapsed: [\d,]+ ms \([\d,]+ events\/s\)/);
    // No progress chatter when stderr is not a terminal; only the rejects warning.
    expect(built.stderr).toBe(
      `tourniquet: warning: 1 record rejected (not in the timeline); see ${out}.rejects.ndjson\n`,
    );

    const rejects = fs
      .readFileSync(`${out}.rejects.ndjson`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; line: number; reason: string; text: string });
    expect(rejects).toEqual([
      expect.objectContaining({
        file: 'elf-report-export.csv',
        line: 4,
        reason: expect.stringContaining('not-a-time'),
        text: expect.stringContaining('2026031019xx00.000'),
      }),
    ]);
    const header = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      manifest: { files: Array<{ path: string; sha256: string }> };
    };
    expect(header.manifest.files.map((f) => f.path)).toEqual([
      'elf-report-export.csv',
      'login-history.json',
      'setup-audit-trail.json',
    ]);
  });

  test('--skew moves a source on the corrected clock and reorders it', async () => {
    const plain = ndjson(path.join(tmp, 'out', 'timeline.ndjson'));
    const around = (events: typeof plain) =>
      events.filter((e) => e.time.startsWith('2026-03-10T19:00') || e.time.startsWith('2026-03-10T18:59'));
    expect(around(plain).map((e) => [e.source, e.time])).toEqual([
      ['EventLogFile:ReportExport', '2026-03-10T19:00:00.000Z'],
      ['LoginHistory', '2026-03-10T19:00:00.500Z'],
    ]);
    const skewed = path.join(tmp, 'skewed.ndjson');
    const report = await buildJson(
      evidence,
      '--out',
      path.join(tmp, 'skewed.json'),
      '--ndjson',
      skewed,
      '--skew',
      'LoginHistory=-1200',
      '--skew',
      'EventLogFile:*=+0',
    );
    expect(report.skew).toEqual({ LoginHistory: -1200, 'EventLogFile:*': 0 });
    expect(report.unusedSkew).toEqual([]);
    const events = ndjson(skewed);
    expect(around(events).map((e) => [e.source, e.time])).toEqual([
      ['LoginHistory', '2026-03-10T18:59:59.300Z'],
      ['EventLogFile:ReportExport', '2026-03-10T19:00:00.000Z'],
    ]);
    const moved = events.find((e) => e.source === 'LoginHistory' && e.time === '2026-03-10T18:59:59.300Z');
    expect(moved && moved.sourceTs - moved.ts).toBe(1200);
  });

  test('--skew with an exact EventLogFile name matches nothing and says so', async () => {
    const report = await buildJson(
      evidence,
      '--out',
      path.join(tmp, 'unused.json'),
      '--skew',
      'EventLogFile=300',
    );
    expect(report.unusedSkew).toEqual(['EventLogFile']);
    expect(report.sources).toContain('EventLogFile:ReportExport');
  });

  test('--from/--to and --user filter before reconstruction; the count is reported and the chain is intact', async () => {
    const windowed = path.join(tmp, 'window.json');
    const report = await buildJson(
      evidence,
      '--out',
      windowed,
      '--ndjson',
      path.join(tmp, 'window.ndjson'),
      '--from',
      '2026-03-10T18:50:00Z',
      '--to',
      '2026-03-10T19:06:00.500Z',
    );
    expect(report.eventsRead).toBe(8);
    expect(report.filteredOut).toBe(3); // 18:45 login, 19:10 and 19:12 audit entries
    expect(report.events).toBe(5);
    expect(report.timeSpan).toEqual({ from: '2026-03-10T18:50:00.000Z', to: '2026-03-10T19:06:00.500Z' });
    expect(ndjson(path.join(tmp, 'window.ndjson')).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const verified = await run('timeline', 'verify', windowed);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/intact — 5 events/);

    const byUser = path.join(tmp, 'user.json');
    const text = await run(
      'timeline',
      'build',
      evidence,
      '--out',
      byUser,
      '--ndjson',
      path.join(tmp, 'user.ndjson'),
      '--user',
      '0055e000002XyZw', // 15-character id matches the 18-character form the sources record
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('filtered out: 5 events of 8 (users 0055e000002XyZw; skew-corrected time)');
    const users = new Set(ndjson(path.join(tmp, 'user.ndjson')).map((e) => e.actor.userId));
    expect([...users]).toEqual(['0055e000002XyZwAAK']);
  });

  test('bad flags exit 2 naming the flag and the fix; nothing is written', async () => {
    const target = path.join(tmp, 'bad.json');
    const bad = await run(
      'timeline',
      'build',
      evidence,
      '--out',
      target,
      '--skew',
      'LoginHistory',
      '--from',
      'noon',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--skew "LoginHistory": expected SOURCE=±MILLISECONDS, e.g. LoginHistory=-1200',
    );
    expect(bad.stderr).toContain('--from "noon": expected an ISO 8601 instant with a time zone');
    expect(fs.existsSync(target)).toBe(false);

    const unknown = path.join(tmp, 'unknown.csv');
    fs.writeFileSync(unknown, 'a,b,c\n1,2,3\n');
    const format = await run('timeline', 'build', unknown, '--out', target);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown\.csv: cannot tell the source format/);
    expect(fs.existsSync(target)).toBe(false);

    const missing = await run('timeline', 'build', path.join(tmp, 'nope.csv'), '--out', target);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read it \(ENOENT\)/);
  });
});

describe('tourniquet timeline verify', () => {
  test('an intact timeline: exit 0 with event count and root hash; --evidence re-hashes the inputs', async () => {
    const plain = await run('timeline', 'verify', out);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`: intact — 8 events, root hash ${HEX64}\n$`));
    const withEvidence = await run('timeline', 'verify', out, '--evidence', evidence);
    expect(withEvidence.code).toBe(0);
    expect(withEvidence.stdout).toMatch(
      new RegExp(`: intact — 8 events, root hash ${HEX64}, evidence: 3 files re-hashed\n$`),
    );
  });

  test('one flipped byte inside an event: exit 1 naming its seq', async () => {
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"seq":3,'));
    expect(lines[at]).toContain('"action":"ReportExport"');
    lines[at] = lines[at].replace('"action":"ReportExport"', '"action":"ReportExpors"');
    const tampered = path.join(tmp, 'tampered.json');
    fs.writeFileSync(tampered, lines.join('\n'));
    const r = await run('timeline', 'verify', tampered);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `^${tampered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: BROKEN at event seq 3: hash ${HEX64} does not match its content`,
      ),
    );
  });

  test('an edited evidence file: exit 1 naming the file', async () => {
    const copy = path.join(tmp, 'evidence-copy');
    fs.cpSync(evidence, copy, { recursive: true });
    const file = path.join(copy, 'login-history.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Chrome 122', 'Chrome 123'));
    const r = await run('timeline', 'verify', out, '--evidence', copy);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /: BROKEN: evidence login-history\.json: SHA-256 [0-9a-f]{64} does not match the manifest/,
    );
    const json = await run('timeline', 'verify', out, '--evidence', copy, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      kind: 'timeline',
      ok: false,
      file: out,
      evidenceFile: 'login-history.json',
    });
  });

  test('an exported incident log is still verified as before', async () => {
    const entries: IncidentLogEntry[] = [];
    appendLogEntry(entries, { at: 1773169800000, type: 'declared', actor: SYSTEM_ACTOR, data: {} });
    appendLogEntry(entries, {
      at: 1773169801000,
      type: 'step-started',
      actor: SYSTEM_ACTOR,
      stepId: 'freeze',
      data: {},
    });
    const exported: IncidentLogExport = {
      kind: 'tourniquet.incident-log',
      version: 1,
      incidentId: 'INC-T',
      runbook: { name: 'r', version: 1, sha256: 'a'.repeat(64) },
      mode: 'tabletop',
      entries,
      rootHash: entries[1].hash,
    };
    const file = path.join(tmp, 'incident-log.json');
    fs.writeFileSync(file, JSON.stringify(exported, null, 2));
    const ok = await run('timeline', 'verify', file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${file}: intact — 2 entries, root hash ${entries[1].hash}\n`);
    entries[1].data = { edited: true };
    fs.writeFileSync(file, JSON.stringify(exported, null, 2));
    const broken = await run('timeline', 'verify', file);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /BROKEN at entry 2 \(seq 2, step-started\): hash [0-9a-f]{64} does not match its content/,
    );
  });

  test('a file that is neither kind: exit 2', async () => {
    const r = await run('timeline', 'verify', path.join(FIXTURES, 'elf-report-export.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither a timeline .* nor an incident-log export/);
  });
});

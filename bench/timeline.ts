/**
 * Benchmark: the timeline pipeline on a synthetic EventLogFile set (default 10,000,000 rows; `TIMELINE_BENCH_ROWS`
 * or the first argument overrides). Generates, into a temporary folder removed at the end (also on failure or
 * Ctrl-C), one CSV per event type (Login, ReportExport, RestApi, API, URI; realistic columns, some fully quoted
 * like Salesforce writes them) and a LoginHistory REST JSON whose records overlap the Login events (so dedupe
 * merges), with rows out of order within and across files (sessions overlap by up to two hours). Then measures,
 * each in its own process so peak RSS is per phase:
 *
 * - `sha256sum` and `LC_ALL=C sort` of the same files (the baselines);
 * - the full build as `tourniquet timeline build` runs it (worker threads parse, hash every record, correct skew and
 *   write sorted runs; the main thread merges, dedupes, stitches sessions, derives markers, chains and writes the
 *   timeline JSON), events/s and peak RSS of the whole process (workers included);
 * - `verifyTimelineFile` of the result.
 *
 * Last line: one JSON object. Developer options: `--generate <dir> [rows]` writes the inputs and keeps them;
 * `--phase build|verify --dir <dir>` runs one phase over such a folder (e.g. under `node --cpu-prof`).
 * `TIMELINE_BENCH_CSV=1` also writes the CSV export in the build.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTimelineFromFiles,
  hashEvidence,
  RejectsFile,
  verifyTimelineFile,
} from '../activities/timeline';
import { toId18 } from '../domain/salesforce/ids';

const DEFAULT_ROWS = 10_000_000;
/** Average event-time gap between rows: density stays the same whatever the row count (600 events a minute). */
const MS_PER_ROW = 100;
const USERS = 2_000;
const SESSION_SPAN_MS = 2 * 3_600_000;
const T0 = Date.UTC(2026, 2, 1);
const ORG_ID = '00D5e000000OrgA';
const SUSPICIOUS_IPS = ['203.0.113.0/24'];

// ---------------------------------------------------------------------------------------------------------------
// Generation

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function token(rnd: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[Math.floor(rnd() * 62)];
  return s;
}

/** A 15-character id with a key prefix and a counter. */
function id15(prefix: string, n: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 7; i++) {
    s = ALNUM[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return `${prefix}5e00${s}`.slice(0, 15).padEnd(15, '0');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `yyyyMMddHHmmss.SSS` (EventLogFile TIMESTAMP). */
function compact(ts: number): string {
  const d = new Date(ts);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}` +
    `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

interface User {
  id: string;
  id18: string;
  name: string;
  ip: string;
}

const TYPES = ['Login', 'ReportExport', 'RestApi', 'API', 'URI'] as const;
type ElfType = (typeof TYPES)[number];

const HEADERS: Record<ElfType, string> = {
  Login:
    '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","USER_NAME","RUN_TIME","CPU_TIME","URI","SESSION_KEY","LOGIN_KEY","LOGIN_STATUS","SOURCE_IP","API_TYPE","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP","BROWSER_TYPE","TLS_PROTOCOL"',
  ReportExport:
    '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","CLIENT_IP","URI","CLIENT_INFO","REPORT_DESCRIPTION","TIMESTAMP_DERIVED","USER_ID_DERIVED","URI_ID_DERIVED"',
  RestApi:
    'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,METHOD,MEDIA_TYPE,STATUS_CODE,USER_AGENT,REQUEST_STATUS,ROWS_PROCESSED,NUMBER_FIELDS,ENTITY_NAME,RESPONSE_SIZE,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED',
  API: 'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,CLIENT_NAME,METHOD_NAME,API_TYPE,API_VERSION,REQUEST_STATUS,ROWS_PROCESSED,REQUEST_SIZE,RESPONSE_SIZE,ENTITY_NAME,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED',
  URI: 'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,REQUEST_STATUS,DB_TOTAL_TIME,REFERRER_URI,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED',
};

const ENTITIES = ['Contact', 'Account', 'Patient__c', 'Case', 'Encounter__c', 'Opportunity'];
const KEY_PREFIX: Record<string, string> = {
  Contact: '003',
  Account: '001',
  Patient__c: 'a0B',
  Case: '500',
  Encounter__c: 'a0C',
  Opportunity: '006',
};
const REPORT_NAMES = [
  'Patients, "High Risk" cohort',
  'Discharge list',
  'Open cases by owner',
  'Contacts, all fields',
  'Encounters (last 30 days)',
];
const AGENTS = ['Python/3.12 aiohttp', 'DataLoader', 'Workbench', 'sfdx', 'Mozilla/5.0'];

/** Buffered writer of one generated file. */
class Out {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  rows = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 22) this.flush();
  }

  flush(): void {
    if (!this.parts.length) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** What was generated. */
interface Generated {
  files: string[];
  rows: number;
  bytes: number;
  /** LoginHistory records that duplicate an EventLogFile login (the build should merge each). */
  overlapping: number;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Writes the synthetic inputs for `rows` rows (records) in total into `dir`. */
function generate(dir: string, rows: number): Generated {
  const rnd = prng(20260310);
  const users: User[] = Array.from({ length: USERS }, (_, i) => {
    const id = id15('005', i + 1);
    return {
      id,
      id18: toId18(id) as string,
      name: `user${i + 1}@clinic.example`,
      ip: `10.${(i >> 8) & 255}.${i & 255}.${1 + (i % 250)}`,
    };
  });
  const outs = Object.fromEntries(TYPES.map((t) => [t, new Out(join(dir, `elf-${t}.csv`))])) as Record<
    ElfType,
    Out
  >;
  for (const t of TYPES) outs[t].line(HEADERS[t] + '\n');
  const lh = new Out(join(dir, 'login-history.json'));
  lh.line('{"done":true,"records":[\n');
  let lhRecords = 0;
  let written = 0;
  let requests = 0;
  let overlapping = 0;
  const lhRecord = (user: User, ts: number, ip: string, status: string): void => {
    const n = ++lhRecords;
    const lhId = id15('0Ya', n);
    const time = new Date(Math.floor(ts / 1000) * 1000).toISOString().replace('Z', '+0000');
    lh.line(
      `${n > 1 ? ',\n' : ''}{"attributes":{"type":"LoginHistory","url":"/services/data/v62.0/sobjects/LoginHistory/${lhId}"},"Id":"${lhId}","UserId":"${user.id}","LoginTime":"${time}","SourceIp":"${ip}","Status":"${status}","LoginType":"Application","Application":"Browser","Browser":"Chrome 122","Platform":"Windows 10","LoginUrl":"clinic.my.salesforce.com"}`,
    );
    written++;
  };
  const row = (type: ElfType, text: string): void => {
    outs[type].line(text + '\n');
    outs[type].rows++;
    written++;
  };
  while (written < rows) {
    const start = T0 + written * MS_PER_ROW + Math.floor(rnd() * 1000);
    const user = users[Math.floor(rnd() * USERS)];
    // A few sessions come from a "suspicious" network, so the markers have something to find.
    const ip = rnd() < 0.001 ? `203.0.113.${1 + Math.floor(rnd() * 200)}` : user.ip;
    const failed = rnd() < 0.03;
    const sessionKey = failed ? '' : token(rnd, 16);
    const loginKey = failed ? '' : token(rnd, 16);
    const reqId = (): string => `4exLFFQZ${pad(++requests, 14)}`;
    // The login, in both EventLogFile and LoginHistory (same second: dedupe merges them).
    row(
      'Login',
      [
        'Login',
        compact(start),
        reqId(),
        ORG_ID,
        user.id,
        user.name,
        String(50 + Math.floor(rnd() * 200)),
        String(10 + Math.floor(rnd() * 60)),
        '/index.jsp',
        sessionKey,
        loginKey,
        failed ? 'LOGIN_ERROR_INVALID_PASSWORD' : 'LOGIN_NO_ERROR',
        ip,
        '',
        new Date(start).toISOString(),
        user.id18,
        ip,
        'Chrome 122',
        'TLSv1.3',
      ]
        .map(q)
        .join(','),
    );
    if (written < rows) {
      lhRecord(user, start, ip, failed ? 'Invalid Password' : 'Success');
      overlapping++;
    }
    if (failed) continue;
    const actions = 5 + Math.floor(rnd() * 31);
    for (let a = 0; a < actions && written < rows; a++) {
      // Events of a session fall anywhere in its two hours, written in generation order: out of time order.
      const ts = start + 1 + Math.floor(rnd() * SESSION_SPAN_MS);
      const iso = new Date(ts).toISOString();
      const entity = ENTITIES[Math.floor(rnd() * ENTITIES.length)];
      const recId = id15(KEY_PREFIX[entity], Math.floor(rnd() * 5_000_000));
      const rec18 = toId18(recId) as string;
      const r = rnd();
      if (r < 0.04) {
        const report = id15('00O', Math.floor(rnd() * 500));
        row(
          'ReportExport',
          [
            'ReportExport',
            compact(ts),
            reqId(),
            ORG_ID,
            user.id,
            ip,
            `/${report}`,
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
            REPORT_NAMES[Math.floor(rnd() * REPORT_NAMES.length)],
            iso,
            user.id18,
            toId18(report) as string,
          ]
            .map(q)
            .join(','),
        );
      } else if (r < 0.3) {
        const ok = rnd() < 0.97;
        row(
          'RestApi',
          `RestApi,${compact(ts)},${reqId()},${ORG_ID},${user.id},${Math.floor(rnd() * 300)},${Math.floor(rnd() * 90)},/services/data/v62.0/sobjects/${entity}/${recId},${sessionKey},${loginKey},GET,application/json,${ok ? 200 : 404},${AGENTS[Math.floor(rnd() * AGENTS.length)]},${ok ? 'S' : 'F'},${Math.floor(rnd() * 2000)},${Math.floor(rnd() * 40)},${entity},${Math.floor(rnd() * 1e6)},${iso},${user.id18},${ip},${rec18}`,
        );
      } else if (r < 0.5) {
        row(
          'API',
          `API,${compact(ts)},${reqId()},${ORG_ID},${user.id},${Math.floor(rnd() * 500)},${Math.floor(rnd() * 120)},Soap/u/62.0,${sessionKey},${loginKey},DataLoader,query,U,62.0,S,${Math.floor(rnd() * 5000)},${Math.floor(rnd() * 1024)},${Math.floor(rnd() * 2e6)},${entity},${iso},${user.id18},${ip},`,
        );
      } else {
        row(
          'URI',
          `URI,${compact(ts)},${reqId()},${ORG_ID},${user.id},${Math.floor(rnd() * 100)},${Math.floor(rnd() * 40)},/${recId},${sessionKey},${loginKey},S,${Math.floor(rnd() * 3e7)},https://clinic.my.salesforce.com/${KEY_PREFIX[entity]}/o,${iso},${user.id18},${ip},${rec18}`,
        );
      }
    }
  }
  lh.line(`\n],"totalSize":${lhRecords}}\n`);
  const all = [...TYPES.map((t) => outs[t]), lh];
  for (const o of all) o.close();
  const files = all.map((o) => o.path);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  return { files, rows: written, bytes, overlapping };
}

// ---------------------------------------------------------------------------------------------------------------
// Phases (each run in a child process)

function inputFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^(elf-.*\.csv|login-history\.json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** CPU time of this process so far (user + system), ms: steadier than wall time on a shared machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

/** Peak RSS of this process so far (worker threads included), MiB. */
function maxRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

type PhaseResult = Record<string, number | boolean | string | null | object>;

/** A phase figure printed in a progress line. */
const fig = (v: PhaseResult[string]): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

async function buildPhase(dir: string): Promise<PhaseResult> {
  const files = inputFiles(dir);
  const e0 = performance.now();
  const manifest = await hashEvidence(files);
  const evidenceMs = performance.now() - e0;
  const rejects = await RejectsFile.open(join(dir, 'build-rejects.ndjson'));
  const tmp = join(dir, 'sort-tmp');
  await mkdir(tmp, { recursive: true });
  const t0 = performance.now();
  const c0 = cpuMs();
  let parseMs = 0;
  let summary;
  try {
    summary = await buildTimelineFromFiles(
      files.map((path, i) => ({
        path,
        file: path.slice(path.lastIndexOf('/') + 1),
        bytes: manifest.files[i].bytes,
      })),
      {
        out: join(dir, 'timeline.json'),
        csv: process.env.TIMELINE_BENCH_CSV === '1' ? join(dir, 'timeline.csv') : undefined,
        tmpDir: tmp,
        manifest,
        rejects,
        markers: { suspiciousIps: SUSPICIOUS_IPS },
        onMerge: () => (parseMs = performance.now() - t0),
      },
    );
  } finally {
    await rejects.close();
  }
  const ms = performance.now() - t0;
  return {
    events_in: summary.files.reduce((n, f) => n + f.read, 0),
    events: summary.events,
    duplicates_merged: summary.duplicatesMerged,
    rejects: rejects.total,
    markers: summary.markers,
    root_hash: summary.rootHash,
    ms: Math.round(ms),
    parse_ms: Math.round(parseMs),
    cpu_ms: cpuMs() - c0,
    evidence_hash_ms: Math.round(evidenceMs),
    timeline_bytes: statSync(join(dir, 'timeline.json')).size,
    max_rss_mib: maxRssMiB(),
  };
}

async function verifyPhase(dir: string): Promise<PhaseResult> {
  const t0 = performance.now();
  const verdict = await verifyTimelineFile(join(dir, 'timeline.json'));
  return { ms: Math.round(performance.now() - t0), verdict, max_rss_mib: maxRssMiB() };
}

const PHASES: Record<string, (dir: string) => Promise<PhaseResult>> = {
  build: buildPhase,
  verify: verifyPhase,
};

// ---------------------------------------------------------------------------------------------------------------
// Driver

/** Runs a command; resolves with its wall time and stdout; rejects when it fails. */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdout += d;
      if (stdout.length > 1 << 20) stdout = stdout.slice(-(1 << 16));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} ${args.slice(0, 3).join(' ')}… exited with ${code ?? signal}`));
    });
  });
}

async function phase(name: string, dir: string): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, [__filename, '--phase', name, '--dir', dir]);
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as PhaseResult;
}

function rowsWanted(): number {
  const arg = process.argv.slice(2).find((a) => /^\d[\d_]*$/.test(a));
  const text = arg ?? process.env.TIMELINE_BENCH_ROWS ?? String(DEFAULT_ROWS);
  const rows = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`bad row count: ${text}`);
  return rows;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const phaseName = flag('--phase');
  if (phaseName) {
    const dir = flag('--dir');
    const fn = PHASES[phaseName];
    if (!dir || !fn) throw new Error('usage: --phase build|verify --dir <folder>');
    console.log(JSON.stringify(await fn(dir)));
    return;
  }
  const generateDir = flag('--generate');
  if (generateDir) {
    await mkdir(generateDir, { recursive: true });
    const rows = Number(argv[argv.indexOf('--generate') + 2] ?? DEFAULT_ROWS);
    console.log(JSON.stringify(generate(generateDir, rows)));
    return;
  }

  const rows = rowsWanted();
  const dir = await mkdtemp(join(tmpdir(), 'tourniquet-bench-timeline-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const g0 = performance.now();
    const gen = generate(dir, rows);
    const mib = gen.bytes / 2 ** 20;
    console.log(
      `generated ${gen.rows} rows in ${gen.files.length} files (${mib.toFixed(0)} MiB; ${gen.overlapping} LoginHistory records overlap EventLogFile logins) in ${(performance.now() - g0).toFixed(0)} ms`,
    );

    const sha = await run('sha256sum', gen.files);
    console.log(`sha256sum: ${sha.ms.toFixed(0)} ms (${(mib / (sha.ms / 1000)).toFixed(0)} MiB/s)`);
    const sortOut = join(dir, 'sorted.txt');
    const sort = await run('sort', ['-o', sortOut, '-T', dir, ...gen.files], { ...process.env, LC_ALL: 'C' });
    await rm(sortOut, { force: true });
    console.log(`LC_ALL=C sort: ${sort.ms.toFixed(0)} ms`);

    const build = await phase('build', dir);
    const buildMs = build.ms as number;
    console.log(
      `build: ${fig(build.events_in)} events in, ${fig(build.events)} out (${fig(build.duplicates_merged)} merged) in ${buildMs} ms (parsing ${fig(build.parse_ms)} ms; ${Math.round(((build.events_in as number) / buildMs) * 1000)} events/s), peak RSS ${fig(build.max_rss_mib)} MiB`,
    );

    const verify = await phase('verify', dir);
    const verdict = verify.verdict as { ok: boolean; events?: number; reason?: string };
    console.log(`verify: ${JSON.stringify(verdict)} in ${fig(verify.ms)} ms`);

    const ok =
      verdict.ok &&
      verdict.events === build.events &&
      build.duplicates_merged === gen.overlapping &&
      build.events === gen.rows - gen.overlapping &&
      build.rejects === 0;
    if (!ok) process.exitCode = 1;
    const eventsIn = build.events_in as number;
    console.log(
      JSON.stringify({
        bench: 'timeline',
        events: eventsIn,
        ms: buildMs,
        events_per_s: Math.round((eventsIn / buildMs) * 1000),
        peak_rss_mb: build.max_rss_mib,
        sort_ms: Math.round(sort.ms),
        sha256_ms: Math.round(sha.ms),
        vs_sort: round(sort.ms / buildMs, 3),
        input_mib: Math.round(mib),
        parse_ms: build.parse_ms,
        events_out: build.events,
        duplicates_merged: build.duplicates_merged,
        timeline_mib: Math.round((build.timeline_bytes as number) / 2 ** 20),
        verify_ms: verify.ms,
        verify_ok: verdict.ok,
        consistent: ok,
      }),
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

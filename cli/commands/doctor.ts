import * as fs from 'node:fs';
import { loadConfig, type TourniquetConfig } from '../../worker/config';
import { resolveTemporalBinary, type TemporalBinaryKind } from '../../worker/temporal-binaries';
import { openTemporalSession } from '../../worker/temporal-session';

/** The JSON `tourniquet doctor --json` prints. */
export interface DoctorReport {
  ok: boolean;
  node: { ok: boolean; version: string; required: string };
  binaries: Record<'cli' | 'testServer', { ok: boolean; source?: string; path?: string; error?: string }>;
  temporal: {
    ok: boolean;
    address?: string;
    namespace?: string;
    embedded: boolean;
    startedEmbedded?: boolean;
    uiUrl?: string;
    serverVersion?: string;
    taskQueue?: string;
    workerPollers?: number;
    codec?: { keyId: string; source: string };
    error?: string;
  };
  salesforce: { configured: boolean; detail: string };
  slack: { configured: boolean; detail: string };
  /** Why `ok` is false, one line per essential failure. */
  problems: string[];
}

const REQUIRED_NODE = [20, 3] as const;

function checkNode(): DoctorReport['node'] {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const ok = major > REQUIRED_NODE[0] || (major === REQUIRED_NODE[0] && minor >= REQUIRED_NODE[1]);
  return { ok, version: process.versions.node, required: `>=${REQUIRED_NODE.join('.')}` };
}

function checkBinary(kind: TemporalBinaryKind): DoctorReport['binaries']['cli'] {
  try {
    const resolved = resolveTemporalBinary(kind);
    return { ok: true, source: resolved.source, ...('path' in resolved ? { path: resolved.path } : {}) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

function checkSalesforce(env: NodeJS.ProcessEnv): DoctorReport['salesforce'] {
  const file = env.TOURNIQUET_SALESFORCE_ORGS;
  if (!file)
    return {
      configured: false,
      detail: 'TOURNIQUET_SALESFORCE_ORGS is not set (path of the Salesforce orgs file)',
    };
  if (!fs.existsSync(file))
    return { configured: false, detail: `TOURNIQUET_SALESFORCE_ORGS=${file} does not exist` };
  return { configured: true, detail: `orgs file ${file}` };
}

function checkSlack(env: NodeJS.ProcessEnv): DoctorReport['slack'] {
  const missing: string[] = [];
  if (!env.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  else if (!env.SLACK_BOT_TOKEN.startsWith('xoxb-'))
    return { configured: false, detail: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…)' };
  if (!env.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET');
  return missing.length
    ? { configured: false, detail: `not set: ${missing.join(', ')}` }
    : { configured: true, detail: 'bot token and signing secret set' };
}

async function checkTemporal(config: TourniquetConfig): Promise<DoctorReport['temporal']> {
  const embedded = !config.temporal.address;
  let session;
  try {
    session = await openTemporalSession(config, 'start-if-missing');
  } catch (err) {
    return {
      ok: false,
      embedded,
      address: config.temporal.address,
      namespace: config.temporal.namespace,
      error: (err as Error).message,
    };
  }
  try {
    const client = await session.client();
    const info = await client.workflowService.getSystemInfo({});
    await client.workflowService.describeNamespace({ namespace: session.namespace });
    const queue = await client.workflowService.describeTaskQueue({
      namespace: session.namespace,
      taskQueue: { name: config.taskQueue },
    });
    return {
      ok: true,
      address: session.address,
      namespace: session.namespace,
      embedded: session.embedded,
      startedEmbedded: session.server?.owned ?? false,
      uiUrl: session.server?.info.uiUrl,
      serverVersion: info.serverVersion ?? undefined,
      taskQueue: config.taskQueue,
      workerPollers: queue.pollers?.length ?? 0,
      codec: { keyId: session.codecKeyId, source: session.codecKeySource },
    };
  } catch (err) {
    return {
      ok: false,
      embedded: session.embedded,
      address: session.address,
      namespace: session.namespace,
      error: (err as Error).message,
    };
  } finally {
    await session.close();
  }
}

/** Checks everything Tourniquet needs; `ok` is false when Node or Temporal is unusable. */
export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const node = checkNode();
  const binaries = { cli: checkBinary('cli'), testServer: checkBinary('test-server') };
  let temporal: DoctorReport['temporal'];
  try {
    temporal = await checkTemporal(loadConfig(env));
  } catch (err) {
    temporal = { ok: false, embedded: !env.TEMPORAL_ADDRESS, error: (err as Error).message };
  }
  const problems: string[] = [];
  if (!node.ok) problems.push(`Node ${node.version} is too old: Tourniquet needs Node ${node.required}.`);
  if (!temporal.ok) problems.push(`Temporal: ${temporal.error}`);
  return {
    ok: problems.length === 0,
    node,
    binaries,
    temporal,
    salesforce: checkSalesforce(env),
    slack: checkSlack(env),
    problems,
  };
}

function mark(ok: boolean): string {
  return ok ? 'ok  ' : 'FAIL';
}

/** Renders a {@link DoctorReport} for a terminal. */
export function formatDoctorReport(r: DoctorReport): string {
  const lines = [
    `[${mark(r.node.ok)}] Node ${r.node.version} (needs ${r.node.required})`,
    ...(['cli', 'testServer'] as const).map((k) => {
      const b = r.binaries[k];
      const name = k === 'cli' ? 'temporal' : 'temporal-test-server';
      return `[${mark(b.ok)}] ${name}: ${b.ok ? `${b.source}${b.path ? ` ${b.path}` : ''}` : b.error}`;
    }),
    r.temporal.ok
      ? `[ok  ] Temporal ${r.temporal.serverVersion ?? ''} at ${r.temporal.address}, namespace '${r.temporal.namespace}'` +
        (r.temporal.embedded
          ? ` (embedded${r.temporal.startedEmbedded ? ', started for this check and stopped again' : ', running'})`
          : '')
      : `[FAIL] Temporal: ${r.temporal.error}`,
  ];
  if (r.temporal.ok) {
    lines.push(`       task queue '${r.temporal.taskQueue}': ${r.temporal.workerPollers} worker poller(s)`);
    lines.push(
      `       payload encryption: AES-256-GCM, key '${r.temporal.codec?.keyId}' (${r.temporal.codec?.source})`,
    );
    if (r.temporal.uiUrl) lines.push(`       Web UI: ${r.temporal.uiUrl}`);
  }
  lines.push(`[${r.salesforce.configured ? 'ok  ' : 'info'}] Salesforce: ${r.salesforce.detail}`);
  lines.push(`[${r.slack.configured ? 'ok  ' : 'info'}] Slack: ${r.slack.detail}`);
  lines.push(
    r.ok
      ? 'doctor: all essential checks passed'
      : `doctor: ${r.problems.length} problem(s):\n  ${r.problems.join('\n  ')}`,
  );
  return lines.join('\n');
}

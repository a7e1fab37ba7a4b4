import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import {
  ensureEmbeddedServer,
  findRunningEmbeddedServer,
  SERVER_STATE_FILE,
  type EmbeddedServer,
} from '../../worker/embedded-server';
import { createTourniquetWorker } from '../../worker/worker';
import { closeUpdate, incidentWorkflow, statusQuery } from '../../workflows/incident';
import {
  actor,
  bundleWorkflows,
  collectingActivities,
  randomCodec,
  tempDir,
  uniqueQueue,
} from '../support/temporal';
import { declaration } from '../support/incidents';

const servers: EmbeddedServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

test('the embedded server records its address, serves the Web UI, and is found by a second process instead of started twice', async () => {
  const dataDir = tempDir('embedded');
  const first = await ensureEmbeddedServer({ dataDir, ui: true });
  servers.push(first);
  expect(first.owned).toBe(true);
  const state = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_STATE_FILE), 'utf8')) as {
    address: string;
    dbFile: string;
  };
  expect(state.address).toBe(first.info.address);
  expect(state.dbFile).toBe(path.join(dataDir, 'temporal.db'));
  expect(fs.existsSync(path.join(dataDir, 'logs', 'temporal-server.log'))).toBe(true);
  const ui = await fetch(first.info.uiUrl!);
  expect(ui.status).toBe(200);

  const second = await ensureEmbeddedServer({ dataDir });
  expect(second.owned).toBe(false);
  expect(second.info.address).toBe(first.info.address);
  await second.stop(); // not the owner: the server keeps running
  expect(await findRunningEmbeddedServer(dataDir)).toBeDefined();

  await first.stop();
  expect(isAlive(first.info.pid)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, SERVER_STATE_FILE))).toBe(false);
  expect(await findRunningEmbeddedServer(dataDir)).toBeUndefined();
});

test('a workflow survives the embedded server being killed and restarted on the same database', async () => {
  const dataDir = tempDir('restart');
  const codec = randomCodec();
  const taskQueue = uniqueQueue('restart');
  const bundle = await bundleWorkflows();
  const workflowId = 'INC-20261203-RSTRT1';

  // Phase 1: declare the incident, then kill the server (SIGKILL: no chance to flush anything gracefully).
  const server1 = await ensureEmbeddedServer({ dataDir, ui: false });
  servers.push(server1);
  const address = server1.info.address;
  const nc1 = await NativeConnection.connect({ address });
  const conn1 = await Connection.connect({ address });
  const client1 = new Client({ connection: conn1, dataConverter: { payloadCodecs: [codec] } });
  const worker1 = await createTourniquetWorker({
    connection: nc1,
    namespace: 'default',
    taskQueue,
    codec,
    activities: collectingActivities().activities,
    workflowBundle: bundle,
  });
  const before = await worker1.runUntil(async () => {
    const handle = await client1.workflow.start(incidentWorkflow, {
      workflowId,
      taskQueue,
      args: [declaration(workflowId, { title: 'restart', mode: 'live' })],
    });
    return handle.query(statusQuery);
  });
  await conn1.close();
  await nc1.close();
  process.kill(server1.info.pid, 'SIGKILL');
  await waitForExit(server1.info.pid);
  expect(await findRunningEmbeddedServer(dataDir)).toBeUndefined();

  // Phase 2: a new server on the same data folder: same address (ports reused), same database.
  const server2 = await ensureEmbeddedServer({ dataDir, ui: false });
  servers.push(server2);
  expect(server2.owned).toBe(true);
  expect(server2.info.address).toBe(address);
  expect(server2.info.pid).not.toBe(server1.info.pid);

  const nc2 = await NativeConnection.connect({ address });
  const conn2 = await Connection.connect({ address });
  const client2 = new Client({ connection: conn2, dataConverter: { payloadCodecs: [codec] } });
  const { activities, notices } = collectingActivities();
  const worker2 = await createTourniquetWorker({
    connection: nc2,
    namespace: 'default',
    taskQueue,
    codec,
    activities,
    workflowBundle: bundle,
  });
  const final = await worker2.runUntil(async () => {
    const handle = client2.workflow.getHandle<typeof incidentWorkflow>(workflowId);
    const status = await handle.query(statusQuery);
    expect(status.declaredAt).toBe(before.declaredAt); // the same execution, from the persisted history
    await handle.executeUpdate(closeUpdate, { args: [{ actor: actor('bob'), reason: 'survived restart' }] });
    return handle.result();
  });
  expect(final).toMatchObject({
    state: 'closed',
    closeReason: 'survived restart',
    declaredAt: before.declaredAt,
  });
  expect(notices.map((n) => n.kind)).toEqual(['closed']);
  await conn2.close();
  await nc2.close();
});

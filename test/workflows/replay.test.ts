import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec } from '../../worker/codec';
import { bundleWorkflows } from '../support/temporal';

// Histories of the shipped runbooks, recorded on a real dev server (binary protobuf; RECORD_HISTORIES=1 npx jest test/e2e).
// Replaying them against today's workflow code fails on any change that would break running incidents;
// intended changes go behind patched()/deprecatePatch().
const DIR = path.resolve(__dirname, '..', 'fixtures', 'histories');
const codec = new AesGcmPayloadCodec([{ id: 'fixture-key', key: Buffer.alloc(32, 0x42) }], 'fixture-key');

test('recorded histories of every shipped runbook replay without determinism errors', async () => {
  const files = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.history.pb'))
    .sort();
  expect(files.filter((f) => !f.includes('.isolation.')).map((f) => f.replace('.history.pb', ''))).toEqual([
    'compromised-connected-app',
    'insider-snooping',
    'phi-exfiltration-salesforce',
  ]);
  const histories = files.map((f) => ({
    workflowId: f,
    history: temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, f))),
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: await bundleWorkflows(), dataConverter: { payloadCodecs: [codec] } },
    histories,
  )) {
    results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
  }
  expect(results).toHaveLength(files.length);
  expect(results.filter((r) => r.error)).toEqual([]);
});

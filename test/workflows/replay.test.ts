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
  // Every shipped runbook has a current recording (incident + its isolation, timeline and deadline children) and
  // ones from before the timeline and deadline steps ran by themselves (kept: such incidents may still be open).
  const shipped = ['compromised-connected-app', 'insider-snooping', 'phi-exfiltration-salesforce'];
  expect(files).toEqual(
    shipped
      .flatMap((name) => [
        `${name}.history.pb`,
        `${name}.isolation.history.pb`,
        `${name}.timeline.history.pb`,
        `${name}.deadlines.history.pb`,
        `${name}.before-deadlines-start.history.pb`,
        `${name}.before-timeline-build.history.pb`,
        `${name}.before-timeline-build.isolation.history.pb`,
      ])
      .sort(),
  );
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

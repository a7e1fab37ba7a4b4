import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSalesforceActivities } from '../../../activities/salesforce';
import { createConnectionProvider } from '../../../activities/salesforce/connection-provider';
import { simulatorOrgConfig } from '../../../activities/salesforce/org-config';
import { startSimulator, type Simulator } from '../../../simulator';
import { FAST_RETRY, PHI_SCENARIO } from '../../support/simulator';
import { tempDir } from '../../support/temporal';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ scenarioFile: PHI_SCENARIO });
});
afterAll(async () => {
  await sim?.close();
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('collectEvidence copies every source for the window into a new evidence folder with a SHA-256 manifest', async () => {
  const root = tempDir('evidence');
  const sf = createSalesforceActivities({
    connections: createConnectionProvider([simulatorOrgConfig(sim, 'sim')]),
    retryPolicy: FAST_RETRY,
    evidenceRoot: root,
  });
  const manifest = await sf.collectEvidence({
    org: 'sim',
    incidentId: 'INC-20260311-ABCDEF',
    from: '2026-03-10T00:00:00Z',
    to: '2026-03-11T00:00:00Z',
  });

  expect(manifest.evidenceDir.startsWith(path.join(root, 'INC-20260311-ABCDEF', 'collection-'))).toBe(true);
  const sources = manifest.files.map((f) => f.source).sort();
  expect(sources).toEqual(
    expect.arrayContaining([
      'EventLogFile:Login',
      'EventLogFile:ReportExport',
      'LoginHistory',
      'SetupAuditTrail',
    ]),
  );
  for (const f of manifest.files) {
    const file = path.join(manifest.evidenceDir, f.path);
    expect(fs.statSync(file).size).toBe(f.bytes);
    expect(sha256(file)).toBe(f.sha256);
  }
  const exportCsv = fs.readFileSync(
    path.join(
      manifest.evidenceDir,
      manifest.files.find((f) => f.source === 'EventLogFile:ReportExport')!.path,
    ),
    'utf8',
  );
  expect(exportCsv).toContain('"ReportExport","20260310190412.118"');
  const logins = JSON.parse(
    fs.readFileSync(path.join(manifest.evidenceDir, 'LoginHistory.json'), 'utf8'),
  ) as { totalSize: number; records: Array<{ SourceIp: string }> };
  expect(logins.totalSize).toBe(logins.records.length);
  expect(logins.records.some((r) => r.SourceIp === '185.220.101.47')).toBe(true);
  // The simulator has no Real-Time Event Monitoring: said so, not silently skipped.
  expect(manifest.unavailable.map((u) => u.source)).toEqual(expect.arrayContaining(['RTEM:LoginEvent']));
  const onDisk = JSON.parse(fs.readFileSync(path.join(manifest.evidenceDir, 'manifest.json'), 'utf8')) as {
    files: unknown[];
  };
  expect(onDisk.files).toEqual(manifest.files);
});

test('collecting for chosen users keeps only their login history', async () => {
  const sf = createSalesforceActivities({
    connections: createConnectionProvider([simulatorOrgConfig(sim, 'sim')]),
    retryPolicy: FAST_RETRY,
    evidenceRoot: tempDir('evidence-users'),
  });
  const mchen = sim.org.userId('m.chen@stelsewhere-health.org')!;
  const manifest = await sf.collectEvidence({
    org: 'sim',
    incidentId: 'INC-20260311-ABCDEG',
    from: '2026-03-10T00:00:00Z',
    to: '2026-03-11T00:00:00Z',
    userIds: [mchen],
  });
  const logins = JSON.parse(
    fs.readFileSync(path.join(manifest.evidenceDir, 'LoginHistory.json'), 'utf8'),
  ) as { records: Array<{ UserId: string }> };
  expect(logins.records.length).toBeGreaterThan(0);
  expect(new Set(logins.records.map((r) => r.UserId))).toEqual(new Set([mchen]));
});

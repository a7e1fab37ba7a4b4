import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { findRunbook } from '../../cli/commands/runbook';
import { IncidentCommands } from '../../cli/incident-client';
import { loadRoles } from '../../cli/roles-file';
import { verifyTimelineFile } from '../../activities/timeline';
import { verifyIncidentLog, type IncidentLogExport } from '../../domain/incident-log';
import { resolveParams } from '../../domain/runbook';
import { startSimulator, type Simulator } from '../../simulator';
import { AesGcmPayloadCodec } from '../../worker/codec';
import { deadlinesQuery, deadlineWorkflowId } from '../../workflows/deadline';
import { driveToCompletion } from '../support/drive';
import { PHI_SCENARIO } from '../support/simulator';
import { bundleWorkflows, codecClient, createDevServerEnv, uniqueQueue } from '../support/temporal';
import { simulatorWorker } from '../support/worker';

/** A fixed key, so recorded histories (test/fixtures/histories) can be decrypted when replayed. */
export const HISTORY_CODEC = new AesGcmPayloadCodec(
  [{ id: 'fixture-key', key: Buffer.alloc(32, 0x42) }],
  'fixture-key',
);
const HISTORIES = path.resolve(__dirname, '..', 'fixtures', 'histories');

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundle;
beforeAll(async () => {
  [env, bundle] = await Promise.all([createDevServerEnv(), bundleWorkflows()]);
});
afterAll(async () => {
  await env?.teardown();
});

type Check = (sim: Simulator) => void;
const id = (sim: Simulator, username: string) => sim.org.userId(username)!;
const frozen = (sim: Simulator, username: string) =>
  sim.org.query(`SELECT IsFrozen FROM UserLogin WHERE UserId = '${id(sim, username)}'`)[0]?.IsFrozen;
const assignments = (sim: Simulator, username: string, set: string) =>
  sim.org.query(
    `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${id(sim, username)}' AND PermissionSet.Name = '${set}'`,
  ).length;

const CASES: Array<{ runbook: string; params: (sim: Simulator) => Record<string, unknown>; check: Check }> = [
  {
    runbook: 'phi-exfiltration-salesforce',
    params: () => ({
      org: 'sim',
      compromisedUsers: {
        selectors: [
          {
            kind: 'usernames',
            usernames: ['m.chen@stelsewhere-health.org', 'j.alvarez@stelsewhere-health.org'],
          },
        ],
      },
      phiPermissionSets: ['PHI_Full_Access'],
    }),
    check: (sim) => {
      for (const u of ['m.chen@stelsewhere-health.org', 'j.alvarez@stelsewhere-health.org']) {
        expect(frozen(sim, u)).toBe(true);
        expect(assignments(sim, u, 'PHI_Full_Access')).toBe(0);
        expect(sim.org.query(`SELECT Id FROM AuthSession WHERE UsersId = '${id(sim, u)}'`)).toHaveLength(0);
        expect(sim.org.query(`SELECT Id FROM OauthToken WHERE UserId = '${id(sim, u)}'`)).toHaveLength(0);
      }
      expect(frozen(sim, 'p.patel@stelsewhere-health.org')).toBe(false);
    },
  },
  {
    runbook: 'compromised-connected-app',
    params: (sim) => ({
      org: 'sim',
      appNames: ['MedSync Analytics'],
      integrationUserId: id(sim, 'integration.medsync@stelsewhere-health.org'),
      integrationPermissionSets: ['MedSync_Integration'],
    }),
    check: (sim) => {
      expect(frozen(sim, 'integration.medsync@stelsewhere-health.org')).toBe(true);
      expect(sim.org.query("SELECT Id FROM OauthToken WHERE AppName = 'MedSync Analytics'")).toHaveLength(0);
      expect(assignments(sim, 'integration.medsync@stelsewhere-health.org', 'MedSync_Integration')).toBe(0);
    },
  },
  {
    runbook: 'insider-snooping',
    params: () => ({
      org: 'sim',
      workforceMember: { selectors: [{ kind: 'usernames', usernames: ['r.haddad@stelsewhere-health.org'] }] },
      permissionSetsToRemove: ['PHI_Read_Limited'],
    }),
    check: (sim) => {
      expect(frozen(sim, 'r.haddad@stelsewhere-health.org')).toBe(true);
      expect(
        sim.org.query("SELECT IsActive FROM User WHERE Username = 'r.haddad@stelsewhere-health.org'")[0]
          ?.IsActive,
      ).toBe(false);
      expect(assignments(sim, 'r.haddad@stelsewhere-health.org', 'PHI_Read_Limited')).toBe(0);
    },
  },
];

test.each(CASES)(
  'shipped runbook $runbook runs end to end against the simulator',
  async ({ runbook: name, params, check }) => {
    const sim = await startSimulator({ scenarioFile: PHI_SCENARIO });
    try {
      const taskQueue = uniqueQueue(name);
      const { worker, notices, evidenceRoot } = await simulatorWorker(
        env,
        bundle,
        HISTORY_CODEC,
        taskQueue,
        sim,
      );
      const commands = new IncidentCommands(codecClient(env, HISTORY_CODEC), taskQueue);
      const { runbook } = findRunbook(name);
      const { roles } = loadRoles({});
      const incidentId = `INC-20260311-${name
        .slice(0, 6)
        .toUpperCase()
        .replace(/[^0-9A-HJKMNP-TV-Z]/g, '0')}`;
      let log!: IncidentLogExport;
      const final = await worker.runUntil(async () => {
        await commands.declare({
          incidentId,
          runbook,
          params: resolveParams(runbook, params(sim)),
          mode: 'live',
          // The scenario's clock: its audit records fall inside the timeline step's window.
          discoveredAt: Date.parse('2026-03-11T08:15:00Z'),
          actor: { id: 'ic.dana', displayName: 'Dana', surface: 'cli' },
          roles,
        });
        const status = await driveToCompletion(commands, incidentId, 'ic.dana');
        await commands.close(
          incidentId,
          { id: 'ic.dana', displayName: 'Dana', surface: 'cli' },
          'tabletop complete',
        );
        log = await commands.log(incidentId);
        // The deadline step started the notification clocks; they outlive the closed incident.
        const deadlines = await codecClient(env, HISTORY_CODEC)
          .workflow.getHandle(deadlineWorkflowId(incidentId))
          .query(deadlinesQuery);
        expect(deadlines.state).toBe('tracking');
        expect(deadlines.facts).toMatchObject({
          discoveredAt: '2026-03-11T08:15:00.000Z',
          timeZone: 'America/New_York',
          entityType: 'covered-entity',
        });
        expect(deadlines.evaluation?.obligations.find((o) => o.id === 'hipaa-individuals')).toMatchObject({
          due: '2026-05-10T08:15:00.000Z', // 60 calendar days, same New York clock time (EDT both ends)
          citation: expect.stringContaining('164.404'),
        });
        expect(verifyIncidentLog(log).ok).toBe(true);
        if (process.env.RECORD_HISTORIES === '1') {
          const client = codecClient(env, HISTORY_CODEC);
          fs.mkdirSync(HISTORIES, { recursive: true });
          fs.writeFileSync(
            path.join(HISTORIES, `${name}.history.pb`),
            temporal.api.history.v1.History.encode(
              await client.workflow.getHandle(incidentId).fetchHistory(),
            ).finish(),
          );
          const children = {
            isolation: `${incidentId}.isolation.${status.steps.find((s) => s.action.startsWith('salesforce.'))!.id}`,
            timeline: `${incidentId}.timeline.${status.steps.find((s) => s.action === 'timeline.build')!.id}`,
            deadlines: deadlineWorkflowId(incidentId),
          };
          for (const [kind, workflowId] of Object.entries(children))
            fs.writeFileSync(
              path.join(HISTORIES, `${name}.${kind}.history.pb`),
              temporal.api.history.v1.History.encode(
                await client.workflow.getHandle(workflowId).fetchHistory(),
              ).finish(),
            );
        }
        return status;
      });
      expect(final.progress).toBe('finished');
      const failed = final.steps.filter((s) => !['completed', 'rejected'].includes(s.state));
      expect(failed).toEqual([]);
      expect(
        final.steps
          .filter((s) => s.action.startsWith('salesforce.'))
          .every((s) => s.results!.every((r) => r.status === 'completed')),
      ).toBe(true);
      expect(notices.some((n) => n.kind === 'declared')).toBe(true);
      check(sim);
      // The timeline step collected the org's audit evidence and rebuilt a verifiable timeline from it, with the
      // incident's own containment actions in it.
      const timeline = final.steps.find((s) => s.action === 'timeline.build')!.timeline!;
      expect(timeline.evidenceDir.startsWith(path.join(evidenceRoot, incidentId))).toBe(true);
      expect(timeline.events).toBeGreaterThan(0);
      expect(timeline.rejects).toBe(0);
      expect(
        await verifyTimelineFile(timeline.timelinePath, { evidenceDir: timeline.evidenceDir }),
      ).toMatchObject({ ok: true, events: timeline.events, rootHash: timeline.rootHash });
      const built = log.entries.find((e) => e.type === 'step-completed' && e.stepId === 'build-timeline')!
        .data as { eventsPerSource: Record<string, number>; markers: Record<string, number> };
      for (const source of ['EventLogFile', 'LoginHistory', 'SetupAuditTrail', 'incident-log'])
        expect(built.eventsPerSource[source]).toBeGreaterThan(0);
      // The scenario's ReportExports, the orchestrator's own containment and the declaration are all marked.
      expect(Object.keys(built.markers).sort()).toEqual(
        expect.arrayContaining(['containment-action', 'discovery', 'first-export']),
      );
      if (name === 'phi-exfiltration-salesforce')
        expect(built.markers['first-suspicious-access']).toBeDefined();
    } finally {
      await sim.close();
    }
  },
);

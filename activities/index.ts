import type { IncidentMode } from '../domain/mode';
import { createDeadlineActivities } from './deadlines';
import { createNotifyActivities, type NoticeSink } from './notify';
import type { ConnectionProvider } from './salesforce/connection-provider';
import { UnknownOrgError } from './salesforce/errors';
import { createSalesforceActivities } from './salesforce';
import type { RetryPolicy } from './salesforce/retry';
import { createTimelineActivities } from './timeline/activity';

/** The clients and sinks activities act through; tests pass real ones pointed at local servers. */
export interface ActivityDeps {
  noticeSink: NoticeSink;
  /** Logged-in Salesforce connections per named org (absent: no org configured, every action says so). */
  salesforce?: ConnectionProvider;
  salesforceRetryPolicy?: RetryPolicy;
  /** TOURNIQUET_MODE: a worker that is not `live` never writes to an org. */
  workerMode?: IncidentMode;
  /** Folder for collected evidence (the worker uses `<data folder>/evidence`). */
  evidenceRoot?: string;
  /** Folder of regulation rule packs (default: the shipped `templates/regulations`). */
  regulationsDir?: string;
}

const noOrgs: ConnectionProvider = (org) => Promise.reject(new UnknownOrgError(org, []));

/** Builds every activity the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotifyActivities(deps),
    ...createSalesforceActivities({
      connections: deps.salesforce ?? noOrgs,
      retryPolicy: deps.salesforceRetryPolicy,
      workerMode: deps.workerMode,
      evidenceRoot: deps.evidenceRoot,
    }),
    ...createTimelineActivities({ evidenceRoot: deps.evidenceRoot }),
    ...createDeadlineActivities({ regulationsDir: deps.regulationsDir }),
  };
}

/** The activity functions, as workflows see them through `proxyActivities<Activities>`. */
export type Activities = ReturnType<typeof createActivities>;

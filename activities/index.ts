import { createNotifyActivities, type NoticeSink } from './notify';

/** The clients and sinks activities act through; tests pass real ones pointed at local servers. */
export interface ActivityDeps {
  noticeSink: NoticeSink;
}

/** Builds every activity the worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotifyActivities(deps),
  };
}

/** The activity functions, as workflows see them through `proxyActivities<Activities>`. */
export type Activities = ReturnType<typeof createActivities>;

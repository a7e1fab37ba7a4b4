// Every workflow the worker registers. Bundled for Temporal's deterministic sandbox: no Node built-ins here.
export { incidentWorkflow } from './incident';
export { isolationWorkflow } from './isolation';
export { timelineWorkflow } from './timeline';
export { deadlineWorkflow } from './deadline';

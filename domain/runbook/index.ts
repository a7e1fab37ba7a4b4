/** Runbooks: schema, validation, action specs and parameters. Pure (no I/O); callers read the files. */
export * from './schema';
export * from './actions';
export * from './validate';
export * from './params';
export { formatParamText, parseParamText, type ParameterValue, type ParamTextResult } from './param-text';
export type { RunbookProblem } from './problem';
export { checkRunbook } from './checks';

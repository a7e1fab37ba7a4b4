import { canonicalJson } from '../canonical-json';
import type { UserSelectorInput, UserTargetsInput } from '../salesforce/targets';
import type { ParameterType } from './schema';

/** A parameter value in the form callers and activities accept (IDs as text, instants as ISO text). */
export type ParameterValue = string | string[] | UserTargetsInput;

/** The outcome of reading a parameter's text form. */
export type ParamTextResult = { ok: true; value: unknown } | { ok: false; message: string };

const LIST_TYPES: ReadonlySet<ParameterType> = new Set(['connectedAppNames', 'permissionSetNames']);

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseJson(text: string): ParamTextResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `looks like JSON but is not valid JSON (${(err as Error).message})` };
  }
}

function parseSelector(kind: string, rest: string): UserSelectorInput | string {
  switch (kind) {
    case 'usernames':
      return { kind: 'usernames', usernames: splitList(rest) };
    case 'permissionSet':
      return { kind: 'permissionSet', name: rest.trim() };
    case 'ip': {
      const at = rest.indexOf('@');
      if (at < 0)
        return `'ip:${rest}' needs a start instant: ip:CIDR@ISO-TIME, e.g. ip:185.220.101.0/24@2026-03-10T00:00:00Z`;
      return { kind: 'loginFromIpRange', cidr: rest.slice(0, at).trim(), since: rest.slice(at + 1).trim() };
    }
    default:
      return `unknown selector '${kind}:': use usernames:, permissionSet: or ip:`;
  }
}

function parseTargets(text: string): ParamTextResult {
  const userIds: string[] = [];
  const selectors: UserSelectorInput[] = [];
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (part === '') continue;
    const prefixed = /^([A-Za-z]+):(.*)$/s.exec(part);
    if (prefixed) {
      const selector = parseSelector(prefixed[1], prefixed[2]);
      if (typeof selector === 'string') return { ok: false, message: selector };
      selectors.push(selector);
    } else if (part.includes('@')) {
      return { ok: false, message: `'${part}' looks like a username: write usernames:${part}` };
    } else userIds.push(...splitList(part));
  }
  return { ok: true, value: { userIds, selectors } };
}

/**
 * Reads a parameter value written as text (`--param name=TEXT`). `org` and `text`: the text itself; `duration`:
 * the trimmed text (`14d`).
 * `userId`: the ID. Lists: comma-separated. `userTargets`: comma-separated IDs, `usernames:a@x.org,b@y.org`,
 * `permissionSet:NAME`, `ip:CIDR@ISO-TIME`, several joined with `;`. Any type but org/text also takes JSON
 * (text starting with `{` or `[`; for user targets a JSON array means user IDs). Only the syntax is checked
 * here; the value is validated against its type by the caller.
 */
export function parseParamText(type: ParameterType, text: string): ParamTextResult {
  if (type === 'org' || type === 'text') return { ok: true, value: text };
  const trimmed = text.trim();
  if (type === 'duration' || type === 'entityType' || type === 'timeZone' || type === 'affectedCounts')
    return { ok: true, value: trimmed };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJson(trimmed);
    if (json.ok && type === 'userTargets' && Array.isArray(json.value))
      return { ok: true, value: { userIds: json.value as unknown[], selectors: [] } };
    return json;
  }
  if (type === 'userId') return { ok: true, value: trimmed };
  if (LIST_TYPES.has(type)) return { ok: true, value: splitList(trimmed) };
  return parseTargets(trimmed);
}

function normalise(type: ParameterType, value: ParameterValue): ParameterValue {
  if (type !== 'userTargets' || typeof value === 'string' || Array.isArray(value)) return value;
  return { userIds: value.userIds ?? [], selectors: value.selectors ?? [] };
}

function candidateText(type: ParameterType, value: ParameterValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(',');
  if (type !== 'userTargets') return JSON.stringify(value);
  const parts = value.userIds?.length ? [value.userIds.join(',')] : [];
  for (const s of value.selectors ?? []) {
    if (s.kind === 'usernames') parts.push(`usernames:${s.usernames.join(',')}`);
    else if (s.kind === 'permissionSet') parts.push(`permissionSet:${s.name}`);
    else parts.push(`ip:${s.cidr}@${s.since}`);
  }
  return parts.join(';');
}

/**
 * Writes a value in the text form {@link parseParamText} reads back to the same value: the short form when it
 * round-trips, JSON otherwise (e.g. an app name containing a comma).
 */
export function formatParamText(type: ParameterType, value: ParameterValue): string {
  const normal = normalise(type, value);
  const text = candidateText(type, normal);
  const back = parseParamText(type, text);
  return back.ok && canonicalJson(back.value) === canonicalJson(normal) ? text : JSON.stringify(normal);
}

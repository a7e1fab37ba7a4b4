import type { ParameterType } from './schema';

/**
 * A valid example per parameter type — as `name=value` text (the `--param` form), as a YAML value, and for
 * user targets the other text forms — so errors can show what is expected.
 */
export const PARAMETER_EXAMPLES: Readonly<
  Record<ParameterType, { text: string; value: string; more?: string }>
> = {
  org: { text: 'production', value: 'production' },
  userTargets: {
    text: '0058d000001AbCd,0058d000001AbCe',
    value: "{ userIds: ['0058d000001AbCd'], selectors: [{ kind: permissionSet, name: PHI_Full_Access }] }",
    more: "or usernames:m.chen@example.org,j.doe@example.org, permissionSet:PHI_Full_Access, ip:185.220.101.0/24@2026-03-10T00:00:00Z; join several with ';'",
  },
  userId: { text: '0058d000001AbCd', value: "'0058d000001AbCd'" },
  connectedAppNames: { text: 'MedSync Analytics,Data Loader', value: "['MedSync Analytics']" },
  permissionSetNames: { text: 'PHI_Full_Access,Report_Export', value: '[PHI_Full_Access]' },
  duration: { text: '14d', value: "'14d'" },
  text: { text: 'Suspected export from 185.220.101.47', value: "'Suspected export from 185.220.101.47'" },
  entityType: {
    text: 'covered-entity',
    value: 'covered-entity',
    more: 'or business-associate, phr-vendor, other',
  },
  timeZone: { text: 'America/New_York', value: 'America/New_York' },
  affectedCounts: {
    text: '1500,CA=600,TX=250',
    value: "'1500,CA=600,TX=250'",
    more: 'a total, per-State counts ST=N, or both',
  },
};

/** `e.g. name=value` for a parameter of `type` (with the other forms user targets accept). */
export function exampleFlag(name: string, type: ParameterType): string {
  const example = PARAMETER_EXAMPLES[type];
  return `e.g. ${name}=${example.text}${example.more ? ` (${example.more})` : ''}`;
}

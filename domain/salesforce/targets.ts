import { z } from 'zod';
import { cidrProblem } from '../ip';
import { isSalesforceId, toId18 } from './ids';

/** A Salesforce ID, checked (length, characters, checksum) and normalised to 18 characters. */
export const salesforceIdSchema = z
  .string()
  .refine(isSalesforceId, {
    message: 'must be a 15- or 18-character Salesforce ID (18-character IDs need a valid checksum suffix)',
  })
  .transform((id) => toId18(id)!);

/** A permission set API name (`Name`, not the label). */
export const permissionSetNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,79}$/,
    'must be a permission set API name: a letter, then letters, digits or underscores (max 80)',
  );

/** A connected app name as it appears in OauthToken.AppName. */
export const connectedAppNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

/** A username (Salesforce usernames have email form). */
export const usernameSchema = z
  .string()
  .regex(
    /^[^\s@'"\\]+@[^\s@'"\\]+$/,
    'must be a Salesforce username in email form (no spaces, quotes or backslashes)',
  )
  .max(80);

/**
 * An IPv4 or IPv6 range in CIDR form, e.g. `203.0.113.0/24` or `2001:db8::/32`; a bare address is a range of one.
 * Kept as written; `parseCidr` (domain/ip.ts) reads it.
 */
export const ipCidrSchema = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem !== undefined)
    ctx.addIssue({
      code: 'custom',
      message: `must be an IPv4 CIDR range such as 203.0.113.0/24 or an IPv6 one such as 2001:db8::/32 (${problem})`,
    });
});

/** An ISO 8601 instant with an explicit offset, converted to epoch ms. */
export const isoInstantSchema = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-10T19:00:00Z',
  })
  .transform((s) => Date.parse(s));

/** How to pick users: explicit IDs, usernames, or read-only queries. */
export const userSelectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('usernames'), usernames: z.array(usernameSchema).min(1) }),
  z.object({ kind: z.literal('permissionSet'), name: permissionSetNameSchema }),
  z.object({ kind: z.literal('loginFromIpRange'), cidr: ipCidrSchema, since: isoInstantSchema }),
]);
/** See {@link userSelectorSchema}. */
export type UserSelector = z.infer<typeof userSelectorSchema>;
/** A selector as written by a caller (before zod's transforms, e.g. `since` as ISO text). */
export type UserSelectorInput = z.input<typeof userSelectorSchema>;

/** Users to act on: the union of explicit IDs and every selector's matches. At least one must be given. */
export const userTargetsSchema = z
  .object({
    userIds: z.array(salesforceIdSchema).max(100_000).default([]),
    selectors: z.array(userSelectorSchema).default([]),
  })
  .refine((t) => t.userIds.length + t.selectors.length > 0, {
    message: 'name at least one user id or selector',
  });
/** See {@link userTargetsSchema}. */
export type UserTargets = z.infer<typeof userTargetsSchema>;
/** Targets as written by a caller. */
export type UserTargetsInput = z.input<typeof userTargetsSchema>;

/** Connected-app tokens to revoke: by app name, by user, or both (then: that app's tokens of those users). */
export const tokenTargetsSchema = z
  .object({
    appNames: z.array(connectedAppNameSchema).default([]),
    users: userTargetsSchema.optional(),
  })
  .refine((t) => t.appNames.length > 0 || t.users !== undefined, {
    message: 'name at least one connected app or some users',
  });
/** See {@link tokenTargetsSchema}. */
export type TokenTargets = z.infer<typeof tokenTargetsSchema>;
/** Token targets as written by a caller. */
export type TokenTargetsInput = z.input<typeof tokenTargetsSchema>;

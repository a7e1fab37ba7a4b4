import { z } from 'zod';

/**
 * Two-letter USPS codes of the US States, the District of Columbia and the territories — the "States or
 * jurisdictions" whose residents the notification rules count (45 CFR 164.406 counts all of them).
 */
export const US_JURISDICTIONS = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
  'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND',
  'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'DC', 'PR', 'GU', 'VI', 'AS', 'MP',
] as const; // prettier-ignore

/** See {@link US_JURISDICTIONS}. */
export type UsJurisdiction = (typeof US_JURISDICTIONS)[number];

/** True when `code` is one of {@link US_JURISDICTIONS}. */
export function isUsJurisdiction(code: string): code is UsJurisdiction {
  return (US_JURISDICTIONS as readonly string[]).includes(code);
}

/** A US State or jurisdiction code, e.g. `TX`. */
export const usJurisdictionSchema = z
  .string()
  .refine(isUsJurisdiction, {
    error: (issue) =>
      `"${String(issue.input)}" is not a US State or jurisdiction code; use a two-letter USPS code such as CA, TX or DC`,
  })
  .transform((code) => code);

/** What kind of organisation suffered the breach: decides which regimes reach it. */
export const ENTITY_TYPES = ['covered-entity', 'business-associate', 'phr-vendor', 'other'] as const;
/** See {@link ENTITY_TYPES}. */
export type EntityType = (typeof ENTITY_TYPES)[number];
/** See {@link ENTITY_TYPES}. */
export const entityTypeSchema = z.enum(ENTITY_TYPES);

/** Who must be notified. */
export const RECIPIENTS = [
  'individuals',
  'hhs',
  'media',
  'covered-entity',
  'ftc',
  'sec',
  'supervisory-authority',
  'attorney-general',
  'state-agency',
] as const;
/** See {@link RECIPIENTS}. */
export type Recipient = (typeof RECIPIENTS)[number];
/** See {@link RECIPIENTS}. */
export const recipientSchema = z.enum(RECIPIENTS);

/** The body of law a rule comes from: a federal or EU regime, or `US-XX` for a State's law. */
export type Regime = 'HIPAA' | 'FTC-HBNR' | 'SEC' | 'GDPR' | `US-${UsJurisdiction}`;

const FIXED_REGIMES: readonly string[] = ['HIPAA', 'FTC-HBNR', 'SEC', 'GDPR'];

/** True when `text` names a {@link Regime}. */
export function isRegime(text: string): text is Regime {
  return FIXED_REGIMES.includes(text) || (/^US-[A-Z]{2}$/.test(text) && isUsJurisdiction(text.slice(3)));
}

/** See {@link Regime}. */
export const regimeSchema = z.custom<Regime>((value) => typeof value === 'string' && isRegime(value), {
  error: (issue) =>
    `"${String(issue.input)}" is not a regime; use HIPAA, FTC-HBNR, SEC, GDPR or US-XX with a State code (e.g. US-TX)`,
});

/**
 * Where an obligation stands at `now`. `due-soon`: due within the due-soon window (default 72 hours);
 * `overdue`: its due instant has passed and it is not met; `not-applicable`: its conditions do not hold.
 */
export const OBLIGATION_STATUSES = ['pending', 'due-soon', 'overdue', 'met', 'not-applicable'] as const;
/** See {@link OBLIGATION_STATUSES}. */
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/**
 * Named calendars for business-day deadlines. `us-federal`: Monday–Friday except US federal holidays on their
 * observed dates (the days the SEC is closed). `no-holidays`: Monday–Friday, every weekday counts — the
 * earliest reading of "business days" when a statute does not say which holidays it skips.
 */
export const HOLIDAY_CALENDARS = ['us-federal', 'no-holidays'] as const;
/** See {@link HOLIDAY_CALENDARS}. */
export type HolidayCalendarName = (typeof HOLIDAY_CALENDARS)[number];
/** See {@link HOLIDAY_CALENDARS}. */
export const holidayCalendarSchema = z.enum(HOLIDAY_CALENDARS);

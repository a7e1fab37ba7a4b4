/** The flags of `timeline build`, validated with zod; every message names the flag and the fix. */
import { isIP } from 'node:net';
import { z } from 'zod';
import { SOURCE_FORMATS } from '../../domain/timeline/parsers';
import type { SkewOffsets } from '../../domain/timeline/reconstruct';
import { TimelineUsageError } from './usage';

const SKEW_ENTRY = /^([^=\s]+)=([+-]?\d+)$/;
const ZONE = /^([+-])(\d{2}):(\d{2})$/;
const INSTANT = /T.*(Z|[+-]\d\d:?\d\d)$/;

const skewEntrySchema = z.string().transform((raw, ctx): [string, number] => {
  const fail = (why: string) => {
    ctx.addIssue({ code: 'custom', message: `"${raw}": ${why}` });
    return z.NEVER;
  };
  const m = SKEW_ENTRY.exec(raw.trim());
  if (!m) return fail('expected SOURCE=±MILLISECONDS, e.g. LoginHistory=-1200 or EventLogFile:*=+300');
  const [, source, ms] = m;
  if (source.slice(0, -1).includes('*'))
    return fail('a source pattern may only end with *, e.g. EventLogFile:*=+300');
  const offset = Number(ms);
  if (!Number.isSafeInteger(offset)) return fail('the offset is too large; give whole milliseconds');
  return [source, offset];
});

const instantSchema = z.string().transform((raw, ctx): number => {
  const ms = Date.parse(raw);
  if (!INSTANT.test(raw) || Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an ISO 8601 instant with a time zone, e.g. 2026-03-10T19:00:00Z`,
    });
    return z.NEVER;
  }
  return ms;
});

const zoneSchema = z.string().transform((raw, ctx): number => {
  const text = raw.trim();
  if (text === 'Z' || text.toUpperCase() === 'UTC') return 0;
  const m = ZONE.exec(text);
  const hours = m ? Number(m[2]) : NaN;
  const minutes = m ? Number(m[3]) : NaN;
  if (!m || hours > 14 || minutes > 59) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an offset from UTC as ±HH:MM (e.g. -05:00 or +01:00), or Z`,
    });
    return z.NEVER;
  }
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
});

const ipSchema = z.string().transform((raw, ctx): string => {
  const text = raw.trim();
  const [addr, bits, extra] = text.split('/');
  const v = isIP(addr);
  const prefixOk =
    bits === undefined || (v === 4 && /^\d{1,2}$/.test(bits) && Number(bits) <= 32 && extra === undefined);
  if (!v || !prefixOk) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}": expected an IP address or an IPv4 CIDR, e.g. 203.0.113.7 or 203.0.113.0/24 (IPv6: exact addresses only)`,
    });
    return z.NEVER;
  }
  return text;
});

const formatSchema = z.string().refine((v) => (SOURCE_FORMATS as readonly string[]).includes(v), {
  error: (issue) =>
    `"${String(issue.input)}" is not a format; use one of ${SOURCE_FORMATS.join(', ')} (or leave --format out to detect each input's format)`,
});

const path_ = z.string().trim().min(1, 'needs a path');

const buildOptionsSchema = z
  .object({
    inputs: z.array(path_).min(1, 'give at least one input file or folder'),
    out: path_,
    ndjson: path_.optional(),
    csv: path_.optional(),
    rejects: path_.optional(),
    format: formatSchema.optional(),
    mapping: path_.optional(),
    tz: zoneSchema.optional(),
    skew: z.array(skewEntrySchema).default([]),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    user: z.array(z.string().trim().min(1, 'needs a user id or username')).default([]),
    suspiciousIp: z.array(ipSchema).default([]),
    evidenceDir: path_.optional(),
    tmpDir: path_.optional(),
    json: z.boolean().optional(),
    progress: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const seen = new Map<string, number>();
    o.skew.forEach(([source], i) => {
      if (seen.has(source))
        ctx.addIssue({
          code: 'custom',
          path: ['skew', i],
          message: `"${source}" is given twice: give one offset per source`,
        });
      seen.set(source, i);
    });
    if (o.from !== undefined && o.to !== undefined && o.from > o.to)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${new Date(o.to).toISOString()} is before --from ${new Date(o.from).toISOString()}: swap them`,
      });
    if (o.format?.startsWith('generic-') && !o.mapping)
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: `is required with --format ${o.format}: give the generic input's field mapping (a JSON file)`,
      });
  });

/** Raw options of `timeline build` as commander hands them over. */
export type RawBuildOptions = z.input<typeof buildOptionsSchema>;

/** Validated options of `timeline build`. */
export type BuildOptions = Omit<z.output<typeof buildOptionsSchema>, 'skew'> & { skew: SkewOffsets };

const FLAG_OF: Record<string, string> = {
  inputs: 'INPUT',
  suspiciousIp: '--suspicious-ip',
  evidenceDir: '--evidence-dir',
  tmpDir: '--tmp-dir',
};

/** How the user spells a schema path: `--skew`, `--suspicious-ip`, `INPUT`. */
function flagOf(p: ReadonlyArray<PropertyKey>): string {
  const key = String(p[0] ?? '');
  return FLAG_OF[key] ?? `--${key}`;
}

/** Validates `timeline build` options; throws {@link TimelineUsageError} naming every bad flag and its fix. */
export function parseBuildOptions(raw: RawBuildOptions): BuildOptions {
  const result = buildOptionsSchema.safeParse(raw);
  if (!result.success)
    throw new TimelineUsageError(
      `timeline build: ${result.error.issues.length === 1 ? 'bad option' : 'bad options'}:\n` +
        result.error.issues.map((i) => `  ${flagOf(i.path)} ${i.message}`).join('\n'),
    );
  return { ...result.data, skew: Object.fromEntries(result.data.skew) };
}

import { isUsJurisdiction, type UsJurisdiction } from './vocabulary';

/** Affected counts: the total, and per US jurisdiction when known. */
export interface AffectedCounts {
  total: number;
  byJurisdiction?: Partial<Record<UsJurisdiction, number>>;
}

/**
 * Reads affected counts written as text: a total, per-State counts `ST=N`, or both (`1500,CA=600,TX=250`); the
 * total defaults to the sum of the States. Returns every problem, each starting with `label` (the flag or
 * parameter the text came from) and saying how to write it.
 */
export function parseAffectedText(
  value: string,
  label: string,
): { ok: true; value: AffectedCounts } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  let total: number | undefined;
  const byJurisdiction: Partial<Record<UsJurisdiction, number>> = {};
  for (const entry of value.split(',').map((e) => e.trim())) {
    const pair = /^([^=]*)=(.*)$/.exec(entry);
    if (!pair) {
      if (!/^\d+$/.test(entry))
        problems.push(`${label}: "${entry}" is not a count; write ST=N,ST=N or a total`);
      else if (total !== undefined) problems.push(`${label}: two totals (${total} and ${entry}); give one`);
      else total = Number(entry);
      continue;
    }
    const code = pair[1].trim().toUpperCase();
    if (!isUsJurisdiction(code))
      problems.push(
        `${label}: "${entry}": ${pair[1]} is not a US State or jurisdiction code; use two-letter codes such as CA, TX, DC`,
      );
    else if (!/^\d+$/.test(pair[2].trim()))
      problems.push(`${label}: "${entry}" is not a count; write ST=N,ST=N or a total`);
    else if (code in byJurisdiction)
      problems.push(`${label}: ${code} is given twice; give one count per State`);
    else byJurisdiction[code] = Number(pair[2].trim());
  }
  if (problems.length) return { ok: false, problems };
  const states = Object.keys(byJurisdiction).length > 0;
  const sum = Object.values(byJurisdiction).reduce((n, v) => n + v, 0);
  if (total !== undefined && total < sum)
    return {
      ok: false,
      problems: [
        `${label}: the total ${total} is less than the ${sum} State residents listed; give the total of everyone affected`,
      ],
    };
  return { ok: true, value: { total: total ?? sum, ...(states ? { byJurisdiction } : {}) } };
}

/** Header lookup for the Setup UI CSV downloads, whose column titles vary in case and spacing. */

/** Normalises a column title: lower case, single spaces, trimmed. */
export function columnKey(title: string): string {
  return title.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Index of the first column whose normalised title is one of `titles`, or -1. */
export function findColumn(header: readonly string[], ...titles: string[]): number {
  const keys = header.map(columnKey);
  for (const title of titles) {
    const i = keys.indexOf(title);
    if (i !== -1) return i;
  }
  // A zone hint in the title ("Login Time (GMT)") still names the column.
  for (const title of titles) {
    const i = keys.findIndex((key) => key.startsWith(title + ' ('));
    if (i !== -1) return i;
  }
  return -1;
}

/** 0 when a column title says its times are UTC/GMT ("Date (GMT)"), else `undefined`. */
export function zoneHintFromTitle(title: string | undefined): number | undefined {
  return title !== undefined && /\((?:gmt|utc)\)/i.test(title) ? 0 : undefined;
}

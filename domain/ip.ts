import { TourniquetError } from './errors';

/**
 * IPv4 and IPv6 addresses and CIDR ranges: parsing (every RFC 4291 text form), matching and canonical display
 * (RFC 5952). Pure: no Node built-ins, no BigInt; runs in the Temporal workflow sandbox.
 *
 * Decisions:
 * - Both families live in one 128-bit space of four unsigned 32-bit words. An IPv4 address `a.b.c.d` is stored
 *   as its IPv4-mapped IPv6 address `::ffff:a.b.c.d`, so `1.2.3.4`, `::ffff:1.2.3.4` and `::ffff:102:304` are the
 *   same address to every match, and an IPv4 range `/n` is the mapped range `/96+n`. `version` only records how
 *   the address was written, for display. (Consequence: `::/0` matches IPv4 addresses too.)
 * - Zone ids (`fe80::1%eth0`) are refused, not stripped: a zone only means something on the host that logged
 *   it, so `fe80::1%eth0` from two hosts need not be the same machine, and Salesforce never records one.
 * - IPv4 octets with leading zeros (`010.0.0.1`) are refused: some tools read them as octal, others as decimal.
 *   IPv6 groups may have leading zeros (`2001:0db8::0001`), as RFC 4291 allows.
 * - Text is case-insensitive and must not have surrounding spaces (callers trim).
 */

/** A parsed IP address or range is malformed; the message names the text, what is wrong, and an example. */
export class IpAddressError extends TourniquetError {
  constructor(message: string) {
    super('IP_ADDRESS_INVALID', message);
  }
}

/** Four unsigned 32-bit words, most significant first. */
export type IpWords = readonly [number, number, number, number];

/** An IPv4 or IPv6 address. */
export interface IpAddress {
  /** How it was written: 4 for dotted quad, 6 for IPv6 text (including `::ffff:1.2.3.4`). */
  readonly version: 4 | 6;
  /** The 128-bit address; an IPv4 address is held as `::ffff:a.b.c.d` (words `[0, 0, 0xffff, a.b.c.d]`). */
  readonly words: IpWords;
}

/** A CIDR range, e.g. `203.0.113.0/24` or `2001:db8::/32`. */
export interface IpNetwork {
  /** The family the range was written in (as {@link IpAddress.version}). */
  readonly version: 4 | 6;
  /** Prefix length in the written family's terms: 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefix: number;
  /** The network address: the written address with its host bits cleared. */
  readonly network: IpAddress;
}

/** Example texts used in error messages. */
const EXAMPLE_ADDRESSES = 'e.g. 203.0.113.7 or 2001:db8::7';
const EXAMPLE_RANGES = 'e.g. 203.0.113.0/24 or 2001:db8::/32';

// ---------------------------------------------------------------------------------------------------------------
// Parsing. The hot path (the matcher, once per event) writes into module-level scratch arrays and returns a
// number, so it allocates nothing; the reason for a failure is kept as a code and spelt out only on request.

/** The last parsed address (signed 32-bit words; compare with `|0` values). */
const W = new Int32Array(4);
/** IPv6 groups as read, before `::` expansion. */
const G = new Uint16Array(8);

const enum Problem {
  Empty = 1,
  V4Parts,
  V4EmptyOctet,
  V4LeadingZero,
  V4OctetRange,
  BadChar,
  V6GroupTooLong,
  V6EmptyGroup,
  V6TwoGaps,
  V6TooFewGroups,
  V6TooManyGroups,
  V6GapTooShort,
  V6LeadingColon,
  V6TrailingColon,
  V6EmbeddedV4Position,
}

let problem: Problem = Problem.Empty;
let problemFrom = 0;
let problemTo = 0;

function fail(code: Problem, from: number, to: number): -1 {
  problem = code;
  problemFrom = from;
  problemTo = to;
  return -1;
}

/** {@link fail} for boolean parsers. */
function refuse(code: Problem, from: number, to: number): false {
  fail(code, from, to);
  return false;
}

/** Parses the dotted quad `s[start, end)`: its value (0 to 2^32 - 1), or -1. */
function parse4(s: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let octets = 0;
  let octetStart = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 46; // a virtual '.' closes the last octet
    if (c === 46) {
      if (digits === 0) return fail(Problem.V4EmptyOctet, start, end);
      if (digits > 1 && s.charCodeAt(octetStart) === 48) return fail(Problem.V4LeadingZero, octetStart, i);
      if (octet > 255) return fail(Problem.V4OctetRange, octetStart, i);
      if (++octets > 4) return fail(Problem.V4Parts, start, end);
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      octetStart = i + 1;
    } else if (c >= 48 && c <= 57) {
      octet = ++digits > 3 ? 256 : octet * 10 + (c - 48);
    } else return fail(Problem.BadChar, i, i + 1);
  }
  if (octets !== 4) return fail(Problem.V4Parts, start, end);
  return value;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Parses IPv6 text `s` into {@link W}: true, or false with the problem recorded. */
function parse6(s: string): boolean {
  const n = s.length;
  let i = 0;
  let count = 0;
  let gap = -1;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return refuse(Problem.V6LeadingColon, 0, 1);
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    let h: number;
    while (i < n && (h = hexValue(s.charCodeAt(i))) >= 0) {
      value = (value << 4) | h;
      i++;
    }
    if (i < n && s.charCodeAt(i) === 46) {
      // Dotted-quad tail: the last 32 bits.
      if (count > 6 || (gap >= 0 && count > 5)) return refuse(Problem.V6EmbeddedV4Position, start, n);
      const v4 = parse4(s, start, n);
      if (v4 < 0) return false;
      G[count++] = v4 >>> 16;
      G[count++] = v4 & 0xffff;
      break;
    }
    const length = i - start;
    if (length === 0) {
      if (i < n && s.charCodeAt(i) !== 58) return refuse(Problem.BadChar, i, i + 1);
      return refuse(Problem.V6EmptyGroup, Math.max(0, start - 1), Math.min(n, start + 1));
    }
    if (length > 4) return refuse(Problem.V6GroupTooLong, start, i);
    if (count === 8) return refuse(Problem.V6TooManyGroups, 0, n);
    G[count++] = value;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return refuse(Problem.BadChar, i, i + 1);
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return refuse(Problem.V6TwoGaps, i - 1, i + 1);
      gap = count;
      i++;
    } else if (i === n) return refuse(Problem.V6TrailingColon, n - 1, n);
  }
  if (gap < 0 && count < 8) return refuse(Problem.V6TooFewGroups, 0, n);
  if (gap >= 0 && count > 7) return refuse(Problem.V6GapTooShort, 0, n);
  const zeros = 8 - count;
  for (let k = 0; k < 4; k++) {
    const a = 2 * k;
    const b = a + 1;
    const hi = gap < 0 || a < gap ? G[a] : a < gap + zeros ? 0 : G[a - zeros];
    const lo = gap < 0 || b < gap ? G[b] : b < gap + zeros ? 0 : G[b - zeros];
    W[k] = (hi << 16) | lo;
  }
  return true;
}

/** Parses `s` into {@link W}: 4 or 6 (the family it was written in), or 0 with the problem recorded. */
function parseInto(s: string): 0 | 4 | 6 {
  const n = s.length;
  if (n === 0) {
    fail(Problem.Empty, 0, 0);
    return 0;
  }
  if (s.indexOf(':') >= 0) return parse6(s) ? 6 : 0;
  const v4 = parse4(s, 0, n);
  if (v4 < 0) return 0;
  W[0] = 0;
  W[1] = 0;
  W[2] = 0xffff;
  W[3] = v4 | 0;
  return 4;
}

function lastProblem(text: string): string {
  const part = text.slice(problemFrom, problemTo);
  switch (problem) {
    case Problem.Empty:
      return `it is empty; write an address, ${EXAMPLE_ADDRESSES}`;
    case Problem.V4Parts:
      return `an IPv4 address is four numbers 0–255 separated by dots, e.g. 203.0.113.7`;
    case Problem.V4EmptyOctet:
      return `an IPv4 address is four numbers 0–255 separated by dots, with none empty, e.g. 203.0.113.7`;
    case Problem.V4LeadingZero:
      return `octet '${part}' has a leading zero, which some tools read as octal; write ${String(Number(part))}`;
    case Problem.V4OctetRange:
      return `octet '${part}' is more than 255`;
    case Problem.BadChar:
      return `'${part}' (at position ${problemFrom + 1}) is not allowed here; ${EXAMPLE_ADDRESSES}`;
    case Problem.V6GroupTooLong:
      return `IPv6 group '${part}' has more than 4 hex digits`;
    case Problem.V6EmptyGroup:
      return `IPv6 groups are separated by one ':' (or '::' once, for a run of zero groups), not '${part}:'`;
    case Problem.V6TwoGaps:
      return `'::' may appear only once (it stands for one run of zero groups)`;
    case Problem.V6TooFewGroups:
      return `an IPv6 address has 8 groups; write all 8, or '::' for a run of zero groups, e.g. 2001:db8::7`;
    case Problem.V6TooManyGroups:
      return `an IPv6 address has at most 8 groups`;
    case Problem.V6GapTooShort:
      return `'::' must stand for at least one zero group, but 8 groups are written besides it`;
    case Problem.V6LeadingColon:
      return `it starts with a single ':'; write '::' for leading zero groups, e.g. ::1`;
    case Problem.V6TrailingColon:
      return `it ends with a single ':'; write '::' for trailing zero groups, e.g. 2001:db8::`;
    case Problem.V6EmbeddedV4Position:
      return `a dotted IPv4 part may only be the last 32 bits of an IPv6 address, e.g. ::ffff:203.0.113.7`;
  }
}

/** Why `text` is not an address, or undefined when it is one. */
function addressProblem(text: string): string | undefined {
  if (text.trim() !== text) return `'${text}' has spaces around it; remove them`;
  const zone = text.indexOf('%');
  if (zone >= 0 && text.includes(':'))
    return (
      `'${text}' has an IPv6 zone id ('${text.slice(zone)}'), which only means something on the host that ` +
      `logged it; remove '${text.slice(zone)}'`
    );
  if (parseInto(text) !== 0) return undefined;
  return `'${text}' is not an IP address: ${lastProblem(text)}`;
}

function snapshot(version: 4 | 6): IpAddress {
  return { version, words: [W[0] >>> 0, W[1] >>> 0, W[2] >>> 0, W[3] >>> 0] };
}

/** Why `text` is not an IPv4 or IPv6 address, or undefined when it is one. */
export function ipProblem(text: string): string | undefined {
  return addressProblem(text);
}

/** The address `text` is, or undefined. Accepts every RFC 4291 form (see the module notes for what is refused). */
export function tryParseIp(text: string): IpAddress | undefined {
  const version = parseInto(text);
  return version === 0 ? undefined : snapshot(version);
}

/** Parses an IPv4 or IPv6 address. Throws {@link IpAddressError} saying what is wrong and how to write it. */
export function parseIp(text: string): IpAddress {
  const address = tryParseIp(text);
  if (address) return address;
  throw new IpAddressError(addressProblem(text) ?? `'${text}' is not an IP address; ${EXAMPLE_ADDRESSES}`);
}

/** Why `text` is not a CIDR range (or a bare address, meaning /32 or /128), or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
  return parseCidrOrProblem(text).problem;
}

function parseCidrOrProblem(text: string): { network?: IpNetwork; problem?: string } {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const bad = addressProblem(addressText);
  if (bad !== undefined) return { problem: bad };
  const version = parseInto(addressText) as 4 | 6;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
      return {
        problem:
          `'${text}' has prefix length '${prefixText}'; after '/' write a whole number of bits, ` +
          `0–${max} for IPv${version}`,
      };
    prefix = Number(prefixText);
  }
  const effective = version === 4 ? 96 + prefix : prefix;
  for (let k = 0; k < 4; k++) W[k] &= maskWord(effective, k);
  return { network: { version, prefix, network: snapshot(version) } };
}

/**
 * Parses a CIDR range `address/prefix` (prefix 0–32 for IPv4, 0–128 for IPv6); a bare address is a range of
 * one (/32 or /128). Host bits may be set (`203.0.113.7/24` is `203.0.113.0/24`). Throws {@link IpAddressError}.
 */
export function parseCidr(text: string): IpNetwork {
  const { network, problem: why } = parseCidrOrProblem(text);
  if (network) return network;
  throw new IpAddressError(why ?? `'${text}' is not a CIDR range; ${EXAMPLE_RANGES}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Matching.

/** Word `k` (0–3) of the 128-bit mask with `prefix` leading ones, as a signed 32-bit value. */
function maskWord(prefix: number, k: number): number {
  const bits = prefix - 32 * k;
  if (bits >= 32) return -1;
  if (bits <= 0) return 0;
  return -1 << (32 - bits);
}

/** The prefix length in the 128-bit space (an IPv4 /n is /96+n). */
function effectivePrefix(network: IpNetwork): number {
  return network.version === 4 ? 96 + network.prefix : network.prefix;
}

/** True when `address` lies in `network` (IPv4 and IPv4-mapped IPv6 are the same addresses). */
export function inNetwork(address: IpAddress, network: IpNetwork): boolean {
  const prefix = effectivePrefix(network);
  for (let k = 0; k < 4; k++) {
    const mask = maskWord(prefix, k);
    if ((address.words[k] & mask) !== (network.network.words[k] & mask)) return false;
  }
  return true;
}

/** True when the address `ip` lies in the range `cidr` (either may be IPv4 or IPv6); false if either is malformed. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = tryParseIp(ip);
  if (!address) return false;
  const { network } = parseCidrOrProblem(cidr);
  return network !== undefined && inNetwork(address, network);
}

/** A predicate over IP text: true when it parses and lies in one of the matcher's ranges. */
export type IpPredicate = (ip: string | undefined | null) => boolean;

/**
 * Builds a predicate matching IP text against a list of addresses and CIDR ranges, IPv4 and IPv6 (see
 * {@link parseCidr}; entries are trimmed). Throws {@link IpAddressError} naming the first malformed entry.
 *
 * Built for millions of calls: a text that equals an entry as written (or its canonical form) is a Set hit;
 * otherwise the text is parsed without allocating, single addresses are looked up by their last word, and
 * ranges are compared word by word (linear in the number of ranges, not of addresses). Unparsable text
 * (a hostname, `-`) never matches.
 */
export function ipMatcher(entries: readonly string[]): IpPredicate {
  const exactText = new Set<string>();
  /** Last word → the first three words of each single address with it, flattened. */
  const singles = new Map<number, number[]>();
  /** Per range: 4 network words, then 4 mask words (signed). */
  const rangeWords: number[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const network = parseCidr(entry);
    const prefix = effectivePrefix(network);
    const w = network.network.words;
    if (prefix === 128) {
      exactText.add(entry);
      exactText.add(formatIp(network.network));
      if (network.version === 4) exactText.add(`::ffff:${formatIp(network.network)}`);
      const bucket = singles.get(w[3] | 0) ?? [];
      bucket.push(w[0] | 0, w[1] | 0, w[2] | 0);
      singles.set(w[3] | 0, bucket);
    } else {
      for (let k = 0; k < 4; k++) rangeWords.push(w[k] | 0);
      for (let k = 0; k < 4; k++) rangeWords.push(maskWord(prefix, k));
    }
  }
  const ranges = Int32Array.from(rangeWords);
  if (singles.size === 0 && ranges.length === 0) return () => false;
  return (ip) => {
    if (typeof ip !== 'string') return false;
    if (exactText.has(ip)) return true;
    if (parseInto(ip) === 0) return false;
    const w0 = W[0];
    const w1 = W[1];
    const w2 = W[2];
    const w3 = W[3];
    const bucket = singles.get(w3);
    if (bucket !== undefined)
      for (let i = 0; i < bucket.length; i += 3)
        if (bucket[i] === w0 && bucket[i + 1] === w1 && bucket[i + 2] === w2) return true;
    for (let r = 0; r < ranges.length; r += 8)
      if (
        (w0 & ranges[r + 4]) === ranges[r] &&
        (w1 & ranges[r + 5]) === ranges[r + 1] &&
        (w2 & ranges[r + 6]) === ranges[r + 2] &&
        (w3 & ranges[r + 7]) === ranges[r + 3]
      )
        return true;
    return false;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Display.

function dotted(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

/**
 * The canonical text of an address (RFC 5952): IPv4 as a dotted quad; IPv6 in lower case, without leading
 * zeros, with the longest run of two or more zero groups (the first, on a tie) written `::`, and IPv4-mapped
 * addresses as `::ffff:a.b.c.d`.
 */
export function formatIp(address: IpAddress): string {
  const [w0, w1, w2, w3] = address.words;
  if (address.version === 4) return dotted(w3);
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return `::ffff:${dotted(w3)}`;
  const groups = [
    w0 >>> 16,
    w0 & 0xffff,
    w1 >>> 16,
    w1 & 0xffff,
    w2 >>> 16,
    w2 & 0xffff,
    w3 >>> 16,
    w3 & 0xffff,
  ];
  let bestStart = -1;
  let bestLength = 1; // a single zero group is not compressed
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** The canonical text of a range: its network address ({@link formatIp}) and prefix, e.g. `2001:db8::/32`. */
export function formatCidr(network: IpNetwork): string {
  return `${formatIp(network.network)}/${network.prefix}`;
}

/** The canonical text ({@link formatIp}) of the address `text`, or undefined when it is not one. */
export function canonicalIp(text: string): string | undefined {
  const address = tryParseIp(text);
  return address && formatIp(address);
}

import fc from 'fast-check';
import {
  canonicalIp,
  cidrProblem,
  formatCidr,
  formatIp,
  inNetwork,
  ipInCidr,
  ipMatcher,
  IpAddressError,
  ipProblem,
  parseCidr,
  parseIp,
  tryParseIp,
  type IpAddress,
  type IpWords,
} from '../../domain/ip';

// ---------------------------------------------------------------------------------------------------------------
// Generators and an independent BigInt oracle.

const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Groups biased towards zero, so `::` runs of every length and position come up. */
const hextet = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 3 },
);
const hextets = fc.array(hextet, { minLength: 8, maxLength: 8 });

function wordsOf(groups: readonly number[]): IpWords {
  return [0, 1, 2, 3].map((k) => ((groups[2 * k] << 16) | groups[2 * k + 1]) >>> 0) as unknown as IpWords;
}
function groupsOf(words: IpWords): number[] {
  return words.flatMap((w) => [w >>> 16, w & 0xffff]);
}

const v4Address = u32.map((v): IpAddress => ({ version: 4, words: [0, 0, 0xffff, v] }));
const v6Address = hextets.map((g): IpAddress => ({ version: 6, words: wordsOf(g) }));
const anyAddress = fc.oneof(v4Address, v6Address);

const big = (words: IpWords) => words.reduce((n, w) => (n << 32n) | BigInt(w), 0n);
const bitsOf = (a: IpAddress) => (a.version === 4 ? 32 : 128);
/** Oracle: `a` is in `net/prefix` (prefix in `net`'s family terms). */
function oracleIn(a: IpAddress, net: IpAddress, prefix: number): boolean {
  const shift = BigInt(128 - (net.version === 4 ? 96 + prefix : prefix));
  return big(a.words) >> shift === big(net.words) >> shift;
}
/** `a` with bit `i` (0 = most significant, in its family's terms) flipped. */
function flipBit(a: IpAddress, i: number): IpAddress {
  const bit = a.version === 4 ? 96 + i : i;
  const words = [...a.words];
  words[bit >> 5] = (words[bit >> 5] ^ (1 << (31 - (bit & 31)))) >>> 0;
  return { version: a.version, words: words as unknown as IpWords };
}

/** One of the many valid IPv6 spellings of `groups`: random case, leading zeros, `::` placement, dotted tail. */
const v6Spelling = fc
  .record({
    groups: hextets,
    upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    dotted: fc.boolean(),
    run: fc.nat(),
  })
  .map(({ groups, upper, pad, dotted, run }) => {
    const k = dotted ? 6 : 8;
    const tokens = groups.slice(0, k).map((g, i) => {
      const hex = g.toString(16);
      const padded = '0'.repeat(Math.min(pad[i], 4 - hex.length)) + hex;
      return upper[i] ? padded.toUpperCase() : padded;
    });
    const tail = dotted
      ? [`${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`]
      : [];
    const runs: Array<[number, number]> = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j <= k && groups[j - 1] === 0; j++) runs.push([i, j]);
    const choice = run % (runs.length + 1);
    if (choice === runs.length) return { groups, text: [...tokens, ...tail].join(':') };
    const [i, j] = runs[choice];
    return { groups, text: `${tokens.slice(0, i).join(':')}::${[...tokens.slice(j), ...tail].join(':')}` };
  });

// ---------------------------------------------------------------------------------------------------------------
// Properties.

test('property: parse∘format is the identity, and the canonical text is a fixed point', () => {
  fc.assert(
    fc.property(anyAddress, (a) => {
      const text = formatIp(a);
      expect(parseIp(text)).toEqual(a);
      expect(canonicalIp(text)).toBe(text);
      expect(text).toBe(text.toLowerCase());
    }),
    { numRuns: 2000 },
  );
});

test('property: every RFC 4291 spelling of an IPv6 address parses to it and formats to one canonical text', () => {
  fc.assert(
    fc.property(v6Spelling, ({ groups, text }) => {
      const parsed = parseIp(text);
      expect(parsed).toEqual({ version: 6, words: wordsOf(groups) });
      expect(formatIp(parsed)).toBe(formatIp({ version: 6, words: wordsOf(groups) }));
      expect(ipProblem(text)).toBeUndefined();
    }),
    { numRuns: 3000 },
  );
});

test('property: the canonical IPv6 text follows RFC 5952 (no leading zeros; `::` only for the first longest run of 2+ zero groups)', () => {
  fc.assert(
    fc.property(v6Address, (a) => {
      const text = formatIp(a);
      if (text.startsWith('::ffff:') && text.includes('.')) return; // mapped: §5 mixed notation
      expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
      const groups = groupsOf(a.words);
      let best = 0;
      for (let i = 0; i < 8; i++) {
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        best = Math.max(best, j - i);
      }
      expect(text.includes('::')).toBe(best >= 2);
      if (best >= 2) {
        const [left] = text.split('::');
        const start = left === '' ? 0 : left.split(':').length;
        const firstRun = groups.findIndex((_, i) => groups.slice(i, i + best).every((g) => g === 0));
        expect(start).toBe(firstRun);
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: an address is in its own /n network for every n', () => {
  fc.assert(
    fc.property(anyAddress, (a) => {
      const text = formatIp(a);
      for (let n = 0; n <= bitsOf(a); n++) {
        expect(ipInCidr(text, `${text}/${n}`)).toBe(true);
        expect(inNetwork(a, parseCidr(`${text}/${n}`))).toBe(true);
      }
    }),
    { numRuns: 300 },
  );
});

test('property: network bits plus any host bits are inside; one flipped network bit is outside', () => {
  const arb = anyAddress.chain((a) =>
    fc.record({
      a: fc.constant(a),
      n: fc.integer({ min: 1, max: bitsOf(a) }),
      host: fc.tuple(u32, u32, u32, u32),
      flip: fc.nat(),
    }),
  );
  fc.assert(
    fc.property(arb, ({ a, n, host, flip }) => {
      const total = a.version === 4 ? 96 + n : n;
      const mixed = a.words.map((w, k) => {
        const bits = total - 32 * k;
        const mask = bits >= 32 ? 0xffffffff : bits <= 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
        return ((w & mask) | (host[k] & ~mask)) >>> 0;
      });
      const inside: IpAddress = { version: a.version, words: mixed as unknown as IpWords };
      const outside = flipBit(inside, flip % n);
      const cidr = `${formatIp(a)}/${n}`;
      const match = ipMatcher([cidr]);
      expect(match(formatIp(inside))).toBe(true);
      expect(match(formatIp(outside))).toBe(false);
      expect(oracleIn(inside, a, n)).toBe(true);
      expect(oracleIn(outside, a, n)).toBe(false);
    }),
    { numRuns: 3000 },
  );
});

test('property: an IPv4 address and its IPv4-mapped IPv6 forms match the same ranges, written either way', () => {
  const arb = fc.record({
    ip: u32,
    net: u32,
    n: fc.integer({ min: 0, max: 32 }),
    near: fc.integer({ min: 0, max: 32 }),
  });
  fc.assert(
    fc.property(arb, ({ ip, net, n, near }) => {
      // Half the time share the top `near` bits with the network, so matches happen.
      const shared = near === 0 ? 0 : (0xffffffff << (32 - near)) >>> 0;
      const addr: IpAddress = { version: 4, words: [0, 0, 0xffff, ((net & shared) | (ip & ~shared)) >>> 0] };
      const dotted = formatIp(addr);
      const hex = groupsOf(addr.words)
        .slice(6)
        .map((g) => g.toString(16))
        .join(':');
      const spellings = [dotted, `::ffff:${dotted}`, `::FFFF:${hex}`, `0:0:0:0:0:ffff:${dotted}`];
      const netText = formatIp({ version: 4, words: [0, 0, 0xffff, net] });
      const expected = oracleIn(addr, { version: 4, words: [0, 0, 0xffff, net] }, n);
      for (const range of [`${netText}/${n}`, `::ffff:${netText}/${96 + n}`]) {
        const match = ipMatcher([range]);
        for (const s of spellings) expect(match(s)).toBe(expected);
      }
    }),
    { numRuns: 2000 },
  );
});

test('property: the matcher agrees with the oracle over lists of addresses and ranges', () => {
  const entry = (base: IpAddress) =>
    fc.record({
      version: fc.constant(base.version),
      n: fc.integer({ min: 0, max: bitsOf(base) }),
      noise: fc.tuple(u32, u32, u32, u32),
      keep: fc.integer({ min: 0, max: bitsOf(base) }),
    });
  const arb = anyAddress.chain((base) =>
    fc.record({
      base: fc.constant(base),
      entries: fc.array(entry(base), { maxLength: 6 }),
      probe: entry(base),
      bare: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    }),
  );
  /** `base` with all bits after the first `keep` (family terms) replaced by noise. */
  const near = (base: IpAddress, keep: number, noise: readonly number[]): IpAddress => {
    const total = base.version === 4 ? 96 + keep : keep;
    const words = base.words.map((w, k) => {
      const bits = total - 32 * k;
      const mask = bits >= 32 ? 0xffffffff : bits <= 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      return ((w & mask) | (noise[k] & ~mask)) >>> 0;
    });
    if (base.version === 4) words.splice(0, 3, 0, 0, 0xffff);
    return { version: base.version, words: words as unknown as IpWords };
  };
  fc.assert(
    fc.property(arb, ({ base, entries, probe, bare }) => {
      const nets = entries.map((e, i) => ({
        address: near(base, e.keep, e.noise),
        n: bare[i] ? bitsOf(base) : e.n,
      }));
      const texts = nets.map(({ address, n }, i) =>
        bare[i] ? formatIp(address) : `${formatIp(address)}/${n}`,
      );
      const ip = near(base, probe.keep, probe.noise);
      const expected = nets.some(({ address, n }) => oracleIn(ip, address, n));
      expect(ipMatcher(texts)(formatIp(ip))).toBe(expected);
    }),
    { numRuns: 3000 },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Examples.

test.each([
  ['::', '::', 6],
  ['::1', '::1', 6],
  ['1::', '1::', 6],
  ['2001:DB8::1', '2001:db8::1', 6],
  ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329', 6],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6], // equal runs: the first is compressed
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6], // a single zero group stays
  ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6], // '::' may stand for one group on input
  ['1:0:0:2:0:0:0:3', '1:0:0:2::3', 6], // the longest run, not the first
  ['::ffff:1.2.3.4', '::ffff:1.2.3.4', 6],
  ['::FFFF:0102:0304', '::ffff:1.2.3.4', 6],
  ['::1.2.3.4', '::102:304', 6], // deprecated IPv4-compatible: not mapped, plain hex
  ['64:ff9b::192.0.2.33', '64:ff9b::c000:221', 6],
  ['fe80::1', 'fe80::1', 6],
  ['0.0.0.0', '0.0.0.0', 4],
  ['255.255.255.255', '255.255.255.255', 4],
  ['185.220.101.47', '185.220.101.47', 4],
])('%s parses as IPv%#', (text, canonical, version) => {
  const address = parseIp(text);
  expect(address.version).toBe(version);
  expect(formatIp(address)).toBe(canonical);
  expect(canonicalIp(text)).toBe(canonical);
});

test('IPv4 addresses are held as IPv4-mapped words', () => {
  expect(parseIp('1.2.3.4')).toEqual({ version: 4, words: [0, 0, 0xffff, 0x01020304] });
  expect(parseIp('::ffff:1.2.3.4')).toEqual({ version: 6, words: [0, 0, 0xffff, 0x01020304] });
  expect(parseIp('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff').words).toEqual([
    0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
  ]);
});

test.each([
  ['', /is empty/],
  [' 1.2.3.4', /spaces around it; remove them/],
  ['fe80::1%eth0', /zone id \('%eth0'\).*remove '%eth0'/],
  ['1.2.3', /four numbers 0–255 separated by dots/],
  ['1.2.3.4.5', /four numbers 0–255/],
  ['1..2.3', /none empty/],
  ['1.2.3.4.', /none empty/],
  ['010.0.0.1', /octet '010' has a leading zero.*write 10/],
  ['256.1.1.1', /octet '256' is more than 255/],
  ['1.2.3.1000', /octet '1000' is more than 255/],
  ['1.2.3.x', /'x' \(at position 7\) is not allowed/],
  ['example.org', /'e' \(at position 1\) is not allowed/],
  ['2001:db8::g', /'g' \(at position 11\) is not allowed/],
  ['12345::', /group '12345' has more than 4 hex digits/],
  ['1::2::3', /'::' may appear only once/],
  ['1:2:3:4:5:6:7', /has 8 groups/],
  ['1:2:3:4:5:6:7:8:9', /at most 8 groups/],
  ['1:2:3:4:5:6:7:8::', /at least one zero group/],
  ['::1:2:3:4:5:6:7:8', /at least one zero group/],
  [':1::', /starts with a single ':'/],
  ['1::2:', /ends with a single ':'/],
  [':::', /not ':::'/],
  ['1:::2', /not ':::'/],
  ['1.2.3.4::', /'1.2.3.4::' is not an IP address/],
  ['::1.2.3.4:5', /'1.2.3.4:5'|not allowed/],
  ['1:2:3:4:5:6:7:1.2.3.4', /only be the last 32 bits/],
  ['::ffff:1.2.3.256', /octet '256' is more than 255/],
])('%j is refused: %s', (text, message) => {
  expect(tryParseIp(text)).toBeUndefined();
  expect(ipProblem(text)).toMatch(message);
  expect(() => parseIp(text)).toThrow(IpAddressError);
  expect(() => parseIp(text)).toThrow(message);
  expect(canonicalIp(text)).toBeUndefined();
});

test('error code is stable', () => {
  try {
    parseIp('nope');
    throw new Error('expected a throw');
  } catch (err) {
    expect(err).toBeInstanceOf(IpAddressError);
    expect((err as IpAddressError).code).toBe('IP_ADDRESS_INVALID');
  }
});

test('CIDR ranges: host bits are cleared, a bare address is a range of one, the prefix is bounded per family', () => {
  expect(formatCidr(parseCidr('203.0.113.77/24'))).toBe('203.0.113.0/24');
  expect(parseCidr('203.0.113.77/24')).toMatchObject({ version: 4, prefix: 24 });
  expect(formatCidr(parseCidr('2001:DB8:85A3::8A2E:370:7334/48'))).toBe('2001:db8:85a3::/48');
  expect(formatCidr(parseCidr('10.1.2.3'))).toBe('10.1.2.3/32');
  expect(formatCidr(parseCidr('2001:db8::1'))).toBe('2001:db8::1/128');
  expect(formatCidr(parseCidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
  expect(formatCidr(parseCidr('::/0'))).toBe('::/0');
  expect(formatCidr(parseCidr('::ffff:10.0.0.0/104'))).toBe('::ffff:10.0.0.0/104');
  expect(cidrProblem('2001:db8::/128')).toBeUndefined();
  expect(cidrProblem('1.2.3.4/33')).toMatch(
    /prefix length '33'; after '\/' write a whole number of bits, 0–32 for IPv4/,
  );
  expect(cidrProblem('2001:db8::/129')).toMatch(/0–128 for IPv6/);
  expect(cidrProblem('1.2.3.4/')).toMatch(/prefix length ''/);
  expect(cidrProblem('1.2.3.4/-1')).toMatch(/prefix length '-1'/);
  expect(cidrProblem('1.2.3.4/ 8')).toMatch(/prefix length ' 8'/);
  expect(cidrProblem('1.2.3.0/24/8')).toMatch(/prefix length '24\/8'/);
  expect(cidrProblem('1.2.3/24')).toMatch(/'1.2.3' is not an IP address/);
  expect(cidrProblem('fe80::%eth0/64')).toMatch(/zone id/);
  expect(() => parseCidr("10.0.0.0/8' OR 1=1")).toThrow(IpAddressError);
});

test('ipInCidr and inNetwork: families mix through IPv4-mapped addresses only', () => {
  expect(ipInCidr('185.220.101.47', '185.220.101.0/24')).toBe(true);
  expect(ipInCidr('::ffff:185.220.101.47', '185.220.101.0/24')).toBe(true);
  expect(ipInCidr('185.220.101.47', '::ffff:185.220.101.0/120')).toBe(true);
  expect(ipInCidr('185.220.101.47', '::ffff:0:0/96')).toBe(true);
  expect(ipInCidr('185.220.101.47', '::/0')).toBe(true);
  expect(ipInCidr('2001:db8::1', '0.0.0.0/0')).toBe(false);
  expect(ipInCidr('::185.220.101.47', '185.220.101.0/24')).toBe(false); // IPv4-compatible is not mapped
  expect(ipInCidr('64:ff9b::185.220.101.47', '185.220.101.0/24')).toBe(false);
  expect(ipInCidr('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::/32')).toBe(true);
  expect(ipInCidr('2001:db9::', '2001:db8::/32')).toBe(false);
  expect(ipInCidr('2001:db8::1', 'garbage')).toBe(false);
  expect(ipInCidr('garbage', '2001:db8::/32')).toBe(false);
  expect(inNetwork(parseIp('fe80::1'), parseCidr('fe80::/10'))).toBe(true);
  expect(inNetwork(parseIp('fec0::1'), parseCidr('fe80::/10'))).toBe(false);
});

test('ipMatcher: entries are trimmed and validated; unparsable or missing input never matches', () => {
  const match = ipMatcher([' 203.0.113.7 ', '2001:db8::/32', '10.0.0.0/8']);
  expect(match('203.0.113.7')).toBe(true);
  expect(match('::ffff:203.0.113.7')).toBe(true);
  expect(match('::FFFF:CB00:7107')).toBe(true);
  expect(match('203.0.113.8')).toBe(false);
  expect(match('2001:DB8:0:0:0:0:0:1')).toBe(true);
  expect(match('10.255.255.255')).toBe(true);
  expect(match('11.0.0.0')).toBe(false);
  expect(match('')).toBe(false);
  expect(match(' 10.0.0.1')).toBe(false);
  expect(match('fe80::1%eth0')).toBe(false);
  expect(match('-')).toBe(false);
  expect(match(null)).toBe(false);
  expect(match(undefined)).toBe(false);
  expect(ipMatcher([])('1.2.3.4')).toBe(false);
  expect(() => ipMatcher(['10.0.0.0/8', 'evil.example.org'])).toThrow(
    /'evil.example.org' is not an IP address/,
  );
});

test('ipMatcher: many single addresses sharing a last word are told apart', () => {
  const list = Array.from({ length: 1000 }, (_, i) => `2001:db8:${i.toString(16)}::1`);
  const match = ipMatcher([...list, '198.51.100.1']);
  expect(match('2001:db8:3e7::1')).toBe(true);
  expect(match('2001:db8:3e8::1')).toBe(false);
  expect(match('::1')).toBe(false);
  expect(match('198.51.100.1')).toBe(true);
  expect(match('::ffff:198.51.100.1')).toBe(true);
});

import fc from 'fast-check';
import { idChecksum, isSalesforceId, toId18 } from '../../../domain/salesforce/ids';
import { soqlDateTime, soqlIdList, soqlString } from '../../../domain/salesforce/soql';
import { ipInCidr } from '../../../domain/ip';

const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(''));
const id15 = fc.array(alnum, { minLength: 15, maxLength: 15 }).map((a) => a.join(''));

test('property: a 15-character ID and its 18-character form normalise to the same ID; the suffix is case-insensitive', () => {
  fc.assert(
    fc.property(id15, (id) => {
      const id18 = toId18(id)!;
      expect(id18).toHaveLength(18);
      expect(toId18(id18)).toBe(id18);
      expect(toId18(id18.slice(0, 15) + id18.slice(15).toLowerCase())).toBe(id18);
    }),
  );
});

test('property: changing the case of one letter changes the checksum, so a wrong-case 18-character ID is rejected', () => {
  fc.assert(
    fc.property(
      id15.filter((id) => /[A-Za-z]/.test(id)),
      (id) => {
        const i = id.search(/[A-Za-z]/);
        const flipped =
          id.slice(0, i) +
          (id[i] === id[i].toUpperCase() ? id[i].toLowerCase() : id[i].toUpperCase()) +
          id.slice(i + 1);
        expect(idChecksum(flipped)).not.toBe(idChecksum(id));
        expect(isSalesforceId(flipped + idChecksum(id))).toBe(false);
      },
    ),
  );
});

test('known IDs and malformed ones', () => {
  expect(toId18('005D0000001Az1P')).toBe('005D0000001Az1PIAS');
  for (const bad of ['', '005D0000001Az1', '005D0000001Az1P-AS', "005D0000001Az1' OR", '005D0000001Az1PAAA'])
    expect(isSalesforceId(bad)).toBe(false);
});

test('property: soqlString always yields one closed literal whose content decodes back to the input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (value) => {
      const literal = soqlString(value);
      expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
      const body = literal.slice(1, -1);
      // No unescaped quote can end the literal early.
      expect(/(^|[^\\])(\\\\)*'/.test(body)).toBe(false);
      const decoded = body.replace(
        /\\(.)/g,
        (_, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c,
      );
      expect(decoded).toBe(value);
    }),
  );
});

test('ID lists refuse anything that is not an ID; datetimes are SOQL literals', () => {
  expect(soqlIdList(['005D0000001Az1P'])).toBe("('005D0000001Az1PIAS')");
  expect(() => soqlIdList(["005D0000001Az1P') OR ("])).toThrow(TypeError);
  expect(soqlDateTime(Date.UTC(2026, 2, 10, 19, 0, 1, 555))).toBe('2026-03-10T19:00:01Z');
});

test('ipInCidr', () => {
  expect(ipInCidr('185.220.101.47', '185.220.101.0/24')).toBe(true);
  expect(ipInCidr('185.220.102.47', '185.220.101.0/24')).toBe(false);
  expect(ipInCidr('10.1.2.3', '0.0.0.0/0')).toBe(true);
  expect(ipInCidr('10.1.2.3', '10.1.2.3/32')).toBe(true);
  expect(ipInCidr('10.1.2.4', '10.1.2.3/32')).toBe(false);
  expect(ipInCidr('not-an-ip', '10.0.0.0/8')).toBe(false);
});

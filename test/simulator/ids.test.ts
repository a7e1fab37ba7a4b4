import fc from 'fast-check';
import { IdFactory, idChecksum, isSalesforceId, toId18 } from '../../simulator/ids';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const id15 = fc.array(fc.constantFrom(...ALNUM), { minLength: 15, maxLength: 15 }).map((c) => c.join(''));

/** Reference: recover the 15-character ID from a lower-cased 18-character one using the checksum. */
function recover(lower18: string): string {
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let out = '';
  for (let block = 0; block < 3; block++) {
    const bits = table.indexOf(lower18[15 + block].toUpperCase());
    for (let i = 0; i < 5; i++) {
      const c = lower18[block * 5 + i];
      out += bits & (1 << i) ? c.toUpperCase() : c;
    }
  }
  return out;
}

describe('Salesforce IDs', () => {
  it('computes the case-safe checksum by hand-checked examples', () => {
    expect(idChecksum('005000000000000')).toBe('AAA');
    expect(idChecksum('A00000000000000')).toBe('BAA');
    expect(idChecksum('00000000000000Z')).toBe('AAQ');
    expect(idChecksum('AAAAAAAAAAAAAAA')).toBe('555');
  });

  it('the suffix lets a lower-cased 18-character ID recover the original (property)', () => {
    fc.assert(
      fc.property(id15, (id) => {
        const id18 = toId18(id) as string;
        expect(id18.slice(0, 15)).toBe(id);
        expect(recover(id18.toLowerCase().slice(0, 15) + id18.slice(15))).toBe(id);
        expect(toId18(id18)).toBe(id18);
      }),
    );
  });

  it('rejects malformed IDs and wrong checksums', () => {
    expect(isSalesforceId('005')).toBe(false);
    expect(isSalesforceId('005000000000000!')).toBe(false);
    expect(isSalesforceId('005000000000000AAB')).toBe(false);
    expect(isSalesforceId('005000000000000aaa')).toBe(true);
  });

  it('generates valid, unique IDs with the right key prefix', () => {
    const f = new IdFactory();
    const ids = Array.from({ length: 5000 }, () => f.next('0Ak'));
    expect(new Set(ids).size).toBe(5000);
    expect(ids.every((id) => id.startsWith('0Ak') && toId18(id) === id)).toBe(true);
  });
});

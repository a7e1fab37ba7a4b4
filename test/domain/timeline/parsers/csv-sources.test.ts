import { sha256Hex } from '../../../../domain/hash';
import { parseSource, SourceFormatError } from '../../../../domain/timeline/parsers';
import { chunked, fixture, parse } from './helpers';

const ts = (iso: string): number => Date.parse(iso);
const nurse = '0055e000001AbCdAAK';
const integration = '0055e000002XyZwAAK';

describe('EventLogFile CSV', () => {
  test('ReportExport (BOM, CRLF, quoted values with commas, doubled quotes and a newline): events and rejects with file:line', async () => {
    const file = 'elf-report-export.csv';
    const text = fixture(file);
    const { events, rejects } = await parse(text, { file });
    expect(events.map((e) => [e.position, e.ts, e.precision])).toEqual([
      [2, ts('2026-03-10T19:00:01.123Z'), 'ms'],
      [3, ts('2026-03-10T19:05:02.004Z'), 'ms'],
      [5, ts('2026-03-10T19:06:00.500Z'), 'ms'],
      [9, ts('2026-03-10T19:10:00.750Z'), 'ms'], // TIMESTAMP_DERIVED empty: falls back to TIMESTAMP
    ]);
    expect(events[0]).toMatchObject({
      source: 'EventLogFile:ReportExport',
      file,
      actor: { userId: nurse },
      action: 'ReportExport',
      target: { object: 'Report', recordIds: ['00O5e000000XyZaEAK'] },
      ip: '203.0.113.7',
      keys: { request: '4exLFFQZ1WxYz0AbCdEf01' },
      raw: { REPORT_DESCRIPTION: 'Patients, "High Risk" cohort', USER_ID: '0055e000001AbCd' },
    });
    expect(events[1].raw.REPORT_DESCRIPTION).toBe('Discharge list\r\nby ward, all sites');
    expect(rejects).toEqual([
      {
        file,
        line: 6,
        reason: 'wrong number of fields: expected 12 (as in the header), found 9',
        text: expect.stringMatching(/^"ReportExport","20260310190700/),
      },
      { file, line: 7, reason: 'invalid date or time: "2026-02-30T19:08:00.000Z"', text: expect.any(String) },
      { file, line: 8, reason: 'unexpected text after a closing quote (field 9)', text: expect.any(String) },
    ]);
    // rawHash: SHA-256 of the record's lines exactly as in the file, without the final terminator.
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(events[0].rawHash).toBe(sha256Hex(lines[1]));
    expect(events[1].rawHash).toBe(sha256Hex(lines[2] + '\r\n' + lines[3]));
    expect(events[3].rawHash).toBe(sha256Hex(lines[8]));
  });

  test.each([
    [
      'elf-report.csv',
      {
        source: 'EventLogFile:Report',
        ts: ts('2026-03-10T18:59:50.010Z'),
        actor: { userId: nurse },
        action: 'Report',
        target: { object: 'Report', recordIds: ['00O5e000000XyZaEAK'] },
        ip: '203.0.113.7',
        keys: { session: 'vMASKf7ZUqVqcWC9', login: 'QfNecrLXSII6fsBq', request: '4exLFFQZ0Rpt000000AA01' },
        outcome: 'S',
      },
    ],
    [
      'elf-api.csv',
      {
        source: 'EventLogFile:API',
        ts: ts('2026-03-10T19:20:00.000Z'),
        precision: 'ms',
        actor: { userId: integration },
        action: 'API',
        target: { object: 'Contact' },
        ip: '198.51.100.23',
        outcome: 'S',
        raw: expect.objectContaining({ ROWS_PROCESSED: '5000', METHOD_NAME: 'query' }),
      },
    ],
    [
      'elf-bulkapi.csv',
      {
        source: 'EventLogFile:BulkApi',
        actor: { userId: integration },
        action: 'BulkApi',
        target: { object: 'Contact' },
        keys: { request: '4exLFFQZ0Bulk00000AA01' },
        raw: expect.objectContaining({ MESSAGE: 'Batch completed, 250,000 rows' }),
      },
    ],
    [
      'elf-uri.csv',
      {
        source: 'EventLogFile:URI',
        ts: ts('2026-03-10T18:55:00.111Z'),
        action: 'URI',
        target: { recordIds: ['0035e00000AbCdEAAV'] },
        outcome: 'S',
      },
    ],
    [
      'elf-lightning-page-view.csv',
      {
        source: 'EventLogFile:LightningPageView',
        target: { object: 'Patient__c', recordIds: ['a0B5e00000KlMnOEAV'] },
        keys: { session: 'vMASKf7ZUqVqcWC9', login: 'QfNecrLXSII6fsBq' },
      },
    ],
    [
      'elf-logout.csv',
      {
        source: 'EventLogFile:Logout',
        ts: ts('2026-03-10T19:30:00.777Z'),
        action: 'Logout',
        actor: { userId: nurse },
      },
    ],
    [
      'elf-listview.csv',
      {
        source: 'EventLogFile:ListViewEvent',
        action: 'ListViewEvent',
        target: { object: 'Contact', recordIds: ['00B5e000000LvWxEAK'] },
        raw: expect.objectContaining({ FILTER_CRITERIA: expect.stringContaining('"values":["TX","NM"]') }),
      },
    ],
  ])('%s maps header-driven fields', async (file, expected) => {
    const { events, rejects } = await parse(fixture(file), { file });
    expect(rejects).toEqual([]);
    expect(events[0]).toMatchObject({ file, position: 2, ...expected });
  });

  test('RestApi: ENTITY_NAME is the object, URI_ID_DERIVED the record, REQUEST_STATUS the outcome as written', async () => {
    const { events } = await parse(fixture('elf-restapi.csv'), { file: 'elf-restapi.csv' });
    expect(events.map((e) => [e.target, e.outcome])).toEqual([
      [{ object: 'Contact' }, 'S'],
      [{ object: 'Contact', recordIds: ['0035e00000AbCdEAAV'] }, 'F'],
    ]);
  });

  test('Login: USER_NAME, LOGIN_STATUS, empty keys omitted', async () => {
    const { events } = await parse(fixture('elf-login.csv'), { file: 'elf-login.csv' });
    expect(events[0]).toMatchObject({
      actor: { userId: nurse, username: 'nurse.jones@clinic.example' },
      outcome: 'LOGIN_NO_ERROR',
    });
    expect(events[1].keys).toEqual({ request: '4exLFFQZ0Lgn000000AA02' });
    expect(events[1]).toMatchObject({ ip: '192.0.2.99', outcome: 'LOGIN_ERROR_INVALID_PASSWORD' });
  });

  test('a header without EVENT_TYPE or timestamps under --format eventlogfile-csv is a whole-file error', async () => {
    await expect(parse('A,B\n1,2\n', { file: 'x.csv', format: 'eventlogfile-csv' })).rejects.toThrow(
      SourceFormatError,
    );
    await expect(parse('A,B\n1,2\n', { file: 'x.csv', format: 'eventlogfile-csv' })).rejects.toThrow(
      /x\.csv: not an EventLogFile CSV/,
    );
  });

  test('a missing timestamp or EVENT_TYPE is a reject, not a throw', async () => {
    const text =
      'EVENT_TYPE,TIMESTAMP,TIMESTAMP_DERIVED\nURI,,\n,20260310190000.000,\nURI,20260310190000.000,\n';
    const { events, rejects } = await parse(text, { file: 'm.csv' });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'missing timestamp: TIMESTAMP_DERIVED and TIMESTAMP are empty'],
      [3, 'EVENT_TYPE is empty'],
    ]);
    expect(events).toHaveLength(1);
  });
});

describe('Setup UI CSV downloads', () => {
  test('View Setup Audit Trail download: US dates with zones, minute precision, embedded newline, zone-less reject', async () => {
    const file = 'setup-audit-trail.csv';
    const { events, rejects } = await parse(fixture(file), { file });
    expect(events.map((e) => [e.position, e.ts, e.precision, e.action])).toEqual([
      [
        2,
        ts('2026-03-11T03:10:00Z'),
        's',
        'Permission set PHI_Export: assigned to user Integration User (integration@clinic.example)',
      ],
      [
        3,
        ts('2026-03-11T03:11:30Z'),
        's',
        'Changed password for user integration@clinic.example, reset by "Support"',
      ],
      [4, ts('2026-03-10T19:12:00Z'), 'min', 'Froze user nurse.jones'],
      [
        6,
        ts('2026-03-11T00:14:00Z'),
        's',
        'Edited connected app policy: \r\nAdmin approved users are pre-authorized',
      ],
    ]);
    expect(events[1]).toMatchObject({
      source: 'SetupAuditTrail',
      actor: { username: 'admin@clinic.example' },
      raw: { 'Delegate User': 'support@salesforce.example', Section: 'Manage Users' },
    });
    expect(rejects).toEqual([
      {
        file,
        line: 5,
        reason: 'timestamp has no time zone: give the zone in the input, or a default offset (--tz)',
        text: '"3/10/2026, 7:13:00 PM",admin@clinic.example,,Deactivated user nurse.jones,Manage Users,',
      },
    ]);
  });

  test('a default zone offset (--tz) accepts zone-less Setup times', async () => {
    const { events, rejects } = await parse(fixture('setup-audit-trail.csv'), {
      file: 's.csv',
      defaultZoneOffsetMinutes: -480,
    });
    expect(rejects).toEqual([]);
    expect(events[3]).toMatchObject({ position: 5, ts: ts('2026-03-11T03:13:00Z'), precision: 's' });
  });

  test('Login History download: action Login, outcome Status, ip Source IP; invalid dates rejected', async () => {
    const file = 'login-history.csv';
    const { events, rejects } = await parse(fixture(file), { file });
    expect(events.map((e) => [e.ts, e.precision, e.actor.username, e.ip, e.outcome])).toEqual([
      [ts('2026-03-10T18:45:00Z'), 's', 'nurse.jones@clinic.example', '203.0.113.7', 'Success'],
      [ts('2026-03-10T18:44:30Z'), 's', 'nurse.jones@clinic.example', '192.0.2.99', 'Invalid Password'],
      [ts('2026-03-10T19:14:59Z'), 's', 'integration@clinic.example', '198.51.100.23', 'Success'],
    ]);
    expect(events[0]).toMatchObject({
      source: 'LoginHistory',
      action: 'Login',
      raw: { Application: 'Browser' },
    });
    expect(rejects).toEqual([
      { file, line: 5, reason: 'invalid date or time: "13/45/2026 19:14:59 UTC"', text: expect.any(String) },
    ]);
  });

  test('a "(GMT)" column title supplies the zone for zone-less values', async () => {
    const text =
      'Username,Login Time (GMT),Source IP,Status\nu@x.example,3/10/2026 6:45:00 PM,203.0.113.7,Success\n';
    const { events } = await parse(text, { file: 'lh.csv' });
    expect(events[0]).toMatchObject({ ts: ts('2026-03-10T18:45:00Z'), source: 'LoginHistory' });
  });
});

test('the consumer may stop early: the input iterator is closed', async () => {
  let closed = false;
  async function* input(): AsyncGenerator<string> {
    try {
      yield* chunked(fixture('elf-login.csv'), [5]);
    } finally {
      closed = true;
    }
  }
  for await (const item of parseSource(input(), { file: 'elf-login.csv' })) {
    expect(item.kind).toBe('event');
    break;
  }
  expect(closed).toBe(true);
});

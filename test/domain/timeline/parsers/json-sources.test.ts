import { sha256Hex } from '../../../../domain/hash';
import { SourceFormatError } from '../../../../domain/timeline/parsers';
import { chunked, fixture, parse } from './helpers';

const ts = (iso: string): number => Date.parse(iso);
const nurse = '0055e000001AbCdAAK';
const integration = '0055e000002XyZwAAK';

describe('Real-Time Event Monitoring', () => {
  test('REST query result: LoginEvent, ApiEvent, ReportEvent, LightningUriEvent, BulkApiResultEvent; bad elements rejected', async () => {
    const file = 'rtem-query.json';
    const text = fixture(file);
    const { events, rejects } = await parse(text, { file });
    expect(events.map((e) => [e.source, e.position, e.ts, e.precision])).toEqual([
      ['RTEM:LoginEvent', 1, ts('2026-03-10T18:45:00.042Z'), 'ms'],
      ['RTEM:ApiEvent', 2, ts('2026-03-10T19:15:01.900Z'), 'ms'],
      ['RTEM:ReportEvent', 3, ts('2026-03-10T19:00:01.123Z'), 'ms'],
      ['RTEM:LightningUriEvent', 4, ts('2026-03-10T18:56:12.345Z'), 'ms'],
      ['RTEM:BulkApiResultEvent', 5, ts('2026-03-10T19:25:01.321Z'), 'ms'],
    ]);
    expect(events[0]).toMatchObject({
      actor: { userId: nurse, username: 'nurse.jones@clinic.example' },
      action: 'LoginEvent',
      ip: '203.0.113.7',
      keys: { session: 'vMASKf7ZUqVqcWC9', login: 'QfNecrLXSII6fsBq' },
      outcome: 'Success',
      raw: { 'attributes.type': 'LoginEvent', EventIdentifier: 'a1b2c3d4-0001-4e5f-8a9b-000000000001' },
    });
    expect(events[1]).toMatchObject({
      actor: { userId: integration },
      target: { object: 'Contact', recordIds: ['0035e00000AbCdEAAV', '0035e00000FgHiJAAV'] },
      raw: { RowsProcessed: 2 },
    });
    expect(events[2]).toMatchObject({
      target: { object: 'Report', recordIds: ['00O5e000000XyZaEAK'] },
      raw: { ExportFileFormat: 'CSV' },
    });
    expect(events[3]).toMatchObject({
      target: { object: 'Patient__c', recordIds: ['a0B5e00000KlMnOEAV'] },
      raw: { Operation: 'Read' },
    });
    expect(events[4]).toMatchObject({
      target: { object: 'Contact' },
      raw: { JobId: '7505e000000Jb1A', RowsProcessed: 250000 },
    });
    expect(rejects).toEqual([
      {
        file,
        line: 69,
        reason: expect.stringMatching(/^invalid JSON: /),
        text: expect.stringContaining('"UserId": ,'),
      },
      { file, line: 70, reason: 'missing EventDate', text: expect.stringContaining('a1b2c3d4-0007') },
    ]);
    expect(text.split('\n')[68]).toContain('"UserId": ,');
    // rawHash: the element's text exactly as in the file.
    const start = text.indexOf('{\n      "attributes": { "type": "ReportEvent"');
    const end = text.indexOf('\n    }', start) + 6;
    expect(events[2].rawHash).toBe(sha256Hex(text.slice(start, end)));
  });

  test('a top-level array without attributes: the type is inferred; brackets and quotes inside strings are not structure', async () => {
    const { events, rejects } = await parse(fixture('rtem-array.json'), { file: 'a.json' });
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.source, e.position])).toEqual([
      ['RTEM:LoginEvent', 1],
      ['RTEM:ReportEvent', 2],
    ]);
    expect(events[1].raw.Note).toBe(
      'brackets ] and braces } and "quotes" inside a string, plus a comma, here',
    );
  });

  test('NDJSON: position and reject line are the physical line; rawHash is the line', async () => {
    const file = 'rtem.ndjson';
    const text = fixture(file);
    const { events, rejects } = await parse(text, { file });
    expect(events.map((e) => [e.position, e.action])).toEqual([
      [1, 'LoginEvent'],
      [3, 'ApiEvent'],
      [5, 'ApiEvent'],
    ]);
    expect(rejects).toEqual([
      { file, line: 4, reason: expect.stringMatching(/^invalid JSON/), text: text.split('\n')[3] },
    ]);
    expect(events[1].rawHash).toBe(sha256Hex(text.split('\n')[2]));
  });

  test('a JSON input without a records array is a whole-file error', async () => {
    await expect(
      parse('{"totalSize":0,"done":true}', { file: 'e.json', format: 'rtem-json' }),
    ).rejects.toThrow(SourceFormatError);
  });

  test('a truncated query result keeps the complete elements and rejects the cut one', async () => {
    const text = fixture('rtem-array.json');
    const { events, rejects } = await parse(text.slice(0, text.indexOf('"ReportId"')), {
      file: 't.json',
      format: 'rtem-json',
    });
    expect(events).toHaveLength(1);
    expect(rejects).toEqual([
      {
        file: 't.json',
        line: 3,
        reason: 'input ended inside this element (truncated file?)',
        text: expect.stringMatching(/^\{"EventDate"/),
      },
    ]);
  });
});

describe('SetupAuditTrail and LoginHistory (REST)', () => {
  test('SetupAuditTrail: CreatedDate .000 → precision s, non-zero ms → ms; actor CreatedById + CreatedBy.Username', async () => {
    const file = 'setup-audit-trail.json';
    const { events, rejects } = await parse(fixture(file), { file });
    expect(events.map((e) => [e.ts, e.precision, e.action, e.actor])).toEqual([
      [
        ts('2026-03-10T19:10:00Z'),
        's',
        'PermSetAssign',
        { userId: '0055e000003Adm1AAC', username: 'admin@clinic.example' },
      ],
      [
        ts('2026-03-10T19:11:30.250Z'),
        'ms',
        'changedPassword',
        { userId: '0055e000003Adm1AAC', username: 'admin@clinic.example' },
      ],
    ]);
    expect(events[1]).toMatchObject({
      source: 'SetupAuditTrail',
      raw: {
        DelegateUser: 'support@salesforce.example',
        Section: 'Manage Users',
        Display: 'Changed password for user integration@clinic.example',
      },
    });
    expect(events[0].raw.DelegateUser).toBeNull();
    expect(rejects).toEqual([
      {
        file,
        line: 4,
        reason: expect.stringContaining('no time zone'),
        text: expect.stringContaining('frozeuser'),
      },
    ]);
  });

  test('LoginHistory: action Login, outcome Status, user id normalised to 18 characters', async () => {
    const { events, rejects } = await parse(fixture('login-history.json'), { file: 'lh.json' });
    expect(rejects).toEqual([]);
    expect(
      events.map((e) => [e.position, e.ts, e.precision, e.actor, e.ip, e.outcome, e.action, e.source]),
    ).toEqual([
      [
        1,
        ts('2026-03-10T18:45:00Z'),
        's',
        { userId: nurse },
        '203.0.113.7',
        'Success',
        'Login',
        'LoginHistory',
      ],
      [
        2,
        ts('2026-03-10T18:44:30Z'),
        's',
        { userId: nurse },
        '192.0.2.99',
        'Invalid Password',
        'Login',
        'LoginHistory',
      ],
    ]);
  });
});

test('incident log export: ts = at (ms), actor = actor.id, action = type, target = stepId; a bad entry is rejected', async () => {
  const file = 'incident-log.json';
  const { events, rejects } = await parse(fixture(file), { file });
  expect(events.map((e) => [e.position, e.ts, e.precision, e.source, e.actor, e.action, e.target])).toEqual([
    [1, 1773169800000, 'ms', 'incident-log', { username: 'U02SECLEAD' }, 'declared', undefined],
    [
      2,
      1773169860123,
      'ms',
      'incident-log',
      { username: 'U03PRIVACY' },
      'approved',
      { object: 'freeze-users' },
    ],
    [
      3,
      1773169861456,
      'ms',
      'incident-log',
      { username: 'tourniquet' },
      'step-completed',
      { object: 'freeze-users' },
    ],
  ]);
  expect(events[2].raw).toMatchObject({
    'data.count': 1,
    'data.frozen': '["0055e000001AbCdAAK"]',
    hash: '3'.repeat(64),
  });
  expect(rejects).toEqual([
    {
      file,
      line: 60,
      reason: '`at` must be an integer number of epoch milliseconds',
      text: expect.stringContaining('"yesterday"'),
    },
  ]);
  expect(fixture(file).split('\n')[59].trim()).toBe('{');
});

test('NDJSON: a line over the size limit is rejected with its head and reading resumes on the next line', async () => {
  const long = `{"attributes":{"type":"ApiEvent"},"Query":"${'x'.repeat(400)}"}`;
  const good =
    '{"attributes":{"type":"ApiEvent"},"EventDate":"2026-03-10T19:15:02.000+0000","EventIdentifier":"d1"}';
  const { events, rejects } = await parse(chunked(`${good}\n${long}\n${good}\n`, [50]), {
    file: 'big.ndjson',
    format: 'rtem-json',
    maxRecordChars: 200,
    headChars: 1,
  });
  expect(events.map((e) => e.position)).toEqual([1, 3]);
  expect(rejects).toEqual([
    {
      file: 'big.ndjson',
      line: 2,
      reason: 'line is longer than 200 characters',
      text: expect.stringMatching(/^\{"attributes"/),
    },
  ]);
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRegulations, loadRulePackFile } from '../../activities/deadlines/regulations';
import { RECIPIENTS, isRegime } from '../../domain/deadlines';
import { YamlValidationError } from '../../domain/yaml-document';
import { cliEnv, runCli } from '../support/cli';

const SHIPPED = path.resolve(__dirname, '..', '..', 'templates', 'regulations');
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tourniquet-deadlines-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const deadlines = (...args: string[]) => runCli(['deadlines', ...args], cliEnv(tmp));

interface JsonObligation {
  id: string;
  regime: string;
  recipient: string;
  due: string | null;
  dueLocal: string | null;
  basis: string;
  citation: string;
  status: string;
  statusReason: string;
}
interface JsonCannotCompute {
  id: string;
  missing: Array<{ fact: string; hint: string }>;
}

const MID_SIZE = [
  '--discovered', '2026-06-30T10:00:00-04:00',
  '--entity', 'covered-entity',
  '--affected', '1200,CA=600,TX=250',
  '--public-company', '--material-at', '2026-06-30T10:00:00-04:00',
  '--tz', 'America/New_York',
  '--now', '2026-07-06T12:00:00Z',
]; // prettier-ignore

describe('tourniquet deadlines (built CLI)', () => {
  test('--json: the obligations with UTC and local due instants, basis, citation and status', async () => {
    const { code, stdout, stderr } = await deadlines(...MID_SIZE, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { obligations: JsonObligation[]; cannotCompute: JsonCannotCompute[] };
    const byId = new Map(doc.obligations.map((o) => [o.id, o]));
    expect(byId.get('sec-8k-item-1-05')).toMatchObject({
      regime: 'SEC',
      recipient: 'sec',
      due: '2026-07-07T14:00:00.000Z',
      dueLocal: '2026-07-07T10:00:00.000-04:00',
      status: 'due-soon',
      citation: expect.stringContaining('Item 1.05'),
      basis: expect.stringContaining('2026-07-03 (Independence Day, observed)'),
    });
    expect(byId.get('hipaa-individuals')).toMatchObject({
      due: '2026-08-29T14:00:00.000Z',
      dueLocal: '2026-08-29T10:00:00.000-04:00',
      status: 'pending',
      citation: '45 CFR 164.404(b)',
    });
    expect(byId.get('hipaa-media:CA')?.due).toBe('2026-08-29T14:00:00.000Z');
    expect(byId.get('us-tx-attorney-general')).toMatchObject({
      regime: 'US-TX',
      recipient: 'attorney-general',
      due: '2026-07-30T14:00:00.000Z',
    });
    expect(byId.get('us-ca-individuals')?.dueLocal).toBe('2026-07-30T10:00:00.000-04:00');
    expect(byId.get('us-ny-individuals')).toMatchObject({
      status: 'not-applicable',
      due: null,
      dueLocal: null,
    });
    for (const o of doc.obligations) {
      expect(Object.keys(o).slice(0, 8)).toEqual([
        'id',
        'regime',
        'recipient',
        'due',
        'dueLocal',
        'basis',
        'citation',
        'status',
      ]);
      expect(isRegime(o.regime)).toBe(true);
      expect(RECIPIENTS).toContain(o.recipient);
      if (o.due !== null) expect(Date.parse(o.dueLocal!)).toBe(Date.parse(o.due));
    }
    expect(doc.cannotCompute.find((u) => u.id === 'us-ca-attorney-general')?.missing).toEqual([
      expect.objectContaining({
        fact: 'obligation-met',
        hint: 'give --individuals-notified ISO once individuals are notified',
      }),
    ]);
  });

  test('the table shows due local, due UTC, regime, recipient, status and citation, then what is missing', async () => {
    const { code, stdout } = await deadlines(...MID_SIZE);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toMatch(
      /^DUE \(America\/New_York\)\s+DUE \(UTC\)\s+REGIME\s+RECIPIENT\s+STATUS\s+OBLIGATION\s+CITATION$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^2026-07-07 10:00 -04:00\s+2026-07-07 14:00Z\s+SEC\s+sec\s+due-soon: due in 1 day 2 h\s+sec-8k-item-1-05\s+Form 8-K Item 1\.05/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^2026-08-29 10:00 -04:00\s+2026-08-29 14:00Z\s+HIPAA\s+media\s+pending: due in 54 days 2 h\s+hipaa-media:CA\s+45 CFR 164\.406/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^—\s+—\s+US-NY\s+individuals\s+not-applicable\s+us-ny-individuals/),
    );
    expect(stdout).toContain(
      'Cannot compute yet:\n  us-ca-attorney-general (US-CA → attorney-general): needs when us-ca-individuals is met',
    );
    expect(stdout).toContain('Not applicable:\n');
    expect(stdout).toContain('  us-ny-individuals: 0 affected residents of NY is not at least 1');
  });

  test('with only a total, State rules are listed as needing per-State counts', async () => {
    const { code, stdout } = await deadlines(
      '--discovered',
      '2026-03-10T09:00:00Z',
      '--entity',
      'covered-entity',
      '--affected',
      '1200',
      '--now',
      '2026-03-10T09:00:00Z',
    );
    expect(code).toBe(0);
    for (const id of [
      'us-tx-individuals',
      'us-tx-attorney-general',
      'us-ca-individuals',
      'us-ny-individuals',
      'hipaa-media',
    ])
      expect(stdout).toMatch(
        new RegExp(
          `^  ${id} \\(.*\\): needs .* — give per-State counts, e\\.g\\. --affected CA=600,TX=250$`,
          'm',
        ),
      );
  });

  test('a bad flag: exit 2, each flag named with its fix', async () => {
    const { code, stdout, stderr } = await deadlines(
      '--discovered',
      '2026-03-10',
      '--entity',
      'hospital',
      '--affected',
      '100,CA=abc',
      '--tz',
      'Mars/Base',
      '--aware-at',
      '2026-03-10T00:00:00Z',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        'tourniquet: deadlines: bad options:',
        '  --discovered: "2026-03-10" is not an ISO 8601 instant with a UTC offset and at most millisecond precision, e.g. 2026-03-10T09:00:00-05:00 or 2026-03-10T14:00:00Z',
        '  --entity: "hospital" is not an entity type; use one of covered-entity, business-associate, phr-vendor, other',
        '  --affected: "CA=abc" is not a count; write ST=N,ST=N or a total',
        '  --aware-at: only with --eu-subjects (GDPR Art. 33 counts from awareness); add --eu-subjects',
        '  --tz: "Mars/Base" is not a known IANA time zone; use a name such as America/New_York or UTC',
        '(code DEADLINES_USAGE)',
        '',
      ].join('\n'),
    );
  });

  test('required flags are named; an unknown attribute lists the known ones', async () => {
    const missing = await deadlines();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /--discovered: required;.*\n.*--entity: required; one of covered-entity.*\n.*--affected: required;/,
    );
    const attribute = await deadlines(
      '--discovered',
      '2026-03-10T09:00:00Z',
      '--entity',
      'other',
      '--affected',
      '3',
      '--attribute',
      'on-mars=yes',
    );
    expect(attribute.code).toBe(2);
    expect(attribute.stderr).toContain(
      '--attribute: "on-mars" is not an attribute of the rule packs; known: ca-licensed-health-facility',
    );
  });

  test('an invalid rule pack: exit 1 naming file, line and field', async () => {
    fs.copyFileSync(path.join(SHIPPED, 'sec.yaml'), path.join(tmp, 'sec.yaml'));
    const text = fs.readFileSync(path.join(SHIPPED, 'gdpr.yaml'), 'utf8').replace('hours: 72', 'hours: -72');
    fs.writeFileSync(path.join(tmp, 'gdpr.yaml'), text);
    const line = text.split('\n').findIndex((l) => l.includes('hours: -72')) + 1;
    const { code, stderr } = await deadlines(
      '--discovered',
      '2026-03-10T09:00:00Z',
      '--entity',
      'other',
      '--affected',
      '3',
      '--rules',
      tmp,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`${path.join(tmp, 'gdpr.yaml')}:${line}:`);
    expect(stderr).toContain('rules[0].deadline.hours: Too small: expected number to be >=1');
    expect(stderr).toContain('(code REGULATIONS_INVALID)');
  });
});

describe('rule-pack loader', () => {
  test('loads every shipped pack with its hash', () => {
    const loaded = loadRegulations(SHIPPED);
    expect(loaded.files.map((f) => path.basename(f.file))).toEqual([
      'ftc-hbnr.yaml', 'gdpr.yaml', 'hipaa.yaml', 'sec.yaml', 'us-ca.yaml', 'us-co.yaml', 'us-fl.yaml', 'us-ny.yaml', 'us-tx.yaml', 'us-wa.yaml',
    ]); // prettier-ignore
    expect(loaded.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(loaded.ruleSet.rules).toHaveLength(25);
  });

  test('a problem across packs names the file and line of the reference', () => {
    fs.copyFileSync(path.join(SHIPPED, 'hipaa.yaml'), path.join(tmp, 'hipaa.yaml'));
    const ny = fs.readFileSync(path.join(SHIPPED, 'us-ny.yaml'), 'utf8');
    fs.writeFileSync(path.join(tmp, 'us-ny.yaml'), ny.replace('hipaa-hhs-under-500]', 'hipaa-hhs-annual]'));
    const line = ny.split('\n').findIndex((l) => l.includes('hipaa-hhs-under-500]')) + 1;
    let error: unknown;
    try {
      loadRegulations(tmp);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(YamlValidationError);
    expect((error as YamlValidationError).code).toBe('REGULATIONS_INVALID');
    expect((error as YamlValidationError).issues).toEqual([
      {
        field: 'rules[1].trigger.obligations[1]',
        line,
        column: expect.any(Number),
        message: "no rule 'hipaa-hhs-annual' in any pack",
      },
    ]);
  });

  test('a YAML syntax error names the file and line; a missing folder says so', () => {
    fs.writeFileSync(path.join(tmp, 'broken.yaml'), 'pack: x\nrules: [unclosed\n');
    expect(() => loadRulePackFile(path.join(tmp, 'broken.yaml'))).toThrow(/broken\.yaml:\d+:\d+ \(yaml\)/);
    expect(() => loadRegulations(path.join(tmp, 'nope'))).toThrow(
      /cannot read the rule-pack folder .*nope: ENOENT/,
    );
  });
});

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import {
  findRunbook,
  listRunbooks,
  loadRunbookFile,
  registerRunbookCommands,
  runbooksDir,
  type RunbookSummary,
} from '../../cli/commands/runbook';
import { hashValue } from '../../domain/hash';
import { YamlValidationError } from '../../domain/yaml-document';
import { BASE, edit, lineOf } from '../domain/runbook/fixture';

const SHIPPED = path.resolve(__dirname, '..', '..', 'templates', 'runbooks');
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tourniquet-runbook-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `tourniquet ARGS` in-process on a fresh program with the runbook commands; captures output and exit code. */
async function run(...args: string[]): Promise<{ code: number | undefined; out: string }> {
  let out = '';
  let code: number | undefined;
  const program = new Command().name('tourniquet').exitOverride();
  registerRunbookCommands(program, {
    out: (text) => void (out += text + '\n'),
    setExitCode: (c) => void (code = c),
  });
  await program.parseAsync(args, { from: 'user' });
  return { code, out };
}

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('tourniquet runbook validate', () => {
  test('a shipped runbook: exit 0 and a summary with the file hash', async () => {
    const file = path.join(SHIPPED, 'phi-exfiltration-salesforce.yaml');
    const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const { code, out } = await run('runbook', 'validate', file);
    expect(code).toBe(0);
    expect(out).toBe(
      [
        `${file}: valid runbook 'phi-exfiltration-salesforce' version 1`,
        '  5 phases, 17 steps; parameters: org, compromisedUsers, phiPermissionSets, entityType, timeZone, affected',
        `  sha256 ${sha}`,
        '',
      ].join('\n'),
    );
  });

  test('an invalid runbook: exit 1 and every problem as file:line:col field: message', async () => {
    const text = edit('id: tell', 'id: freeze').replace(
      'approval: { policy: two-person, role: approver }',
      'approval: { policy: none }',
    );
    const file = write('broken.yaml', text);
    const { code, out } = await run('runbook', 'validate', file);
    expect(code).toBe(1);
    expect(out.trimEnd().split('\n')).toEqual([
      `${file}:${lineOf(text, 'approval: { policy: none }')}:9 phases[0].steps[1].approval: salesforce.endSessions is irreversible (ended sessions cannot be restored) and needs an approval, e.g. approval: { policy: two-person, role: approver }`,
      `${file}:${lineOf(text, 'id: freeze', 1)}:13 phases[1].steps[1].id: step id 'freeze' is already used by phases[0].steps[0]: step ids must be unique across the runbook`,
      `${file}: 2 problems`,
    ]);
  });

  test('--json reports validity, summary or problems', async () => {
    const good = await run('runbook', 'validate', path.join(SHIPPED, 'insider-snooping.yaml'), '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({
      valid: true,
      name: 'insider-snooping',
      steps: 16,
      phases: 5,
    });
    const file = write('bad.yaml', edit('action: manual', 'action: manaul'));
    const bad = await run('runbook', 'validate', file, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toEqual({
      valid: false,
      file,
      problems: [expect.objectContaining({ field: 'phases[1].steps[0].action', line: 39, column: 17 })],
    });
  });

  test('a missing file is an error naming it', async () => {
    await expect(run('runbook', 'validate', path.join(tmp, 'nope.yaml'))).rejects.toMatchObject({
      code: 'RUNBOOK_NOT_FOUND',
      message: expect.stringContaining('nope.yaml: ENOENT; check the path'),
    });
  });
});

describe('tourniquet runbook list', () => {
  test('lists the shipped runbooks with name, version, steps, description, file and hashes', async () => {
    const { code, out } = await run('runbook', 'list', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(out) as RunbookSummary[];
    expect(list.map((r) => [r.name, r.version, r.steps])).toEqual([
      ['compromised-connected-app', 1, 15],
      ['insider-snooping', 1, 16],
      ['phi-exfiltration-salesforce', 1, 17],
    ]);
    for (const r of list) {
      expect(r.file).toBe(path.join(runbooksDir(), `${r.name}.yaml`));
      expect(r.sha256).toBe(createHash('sha256').update(fs.readFileSync(r.file)).digest('hex'));
      expect(r.runbookHash).toBe(hashValue(loadRunbookFile(r.file).runbook));
      expect(r.description.length).toBeGreaterThan(40);
    }
    const text = await run('runbook', 'list');
    expect(text.out).toMatch(/^compromised-connected-app v1 — 15 steps in 5 phases\n {2}A connected app's/);
    expect(text.out).toContain('templates/runbooks/insider-snooping.yaml  sha256 ');
  });

  test('--dir lists another folder; a broken file or a duplicate name stops the listing', async () => {
    write('a.yaml', BASE);
    write('notes.txt', 'not a runbook');
    expect(JSON.parse((await run('runbook', 'list', '--dir', tmp, '--json')).out)).toEqual([
      expect.objectContaining({ name: 'test-runbook', steps: 4, parameters: ['org', 'users'] }),
    ]);
    write('b.yml', BASE);
    expect(() => listRunbooks(tmp)).toThrow(
      /runbook name 'test-runbook' is used by both .*a\.yaml and .*b\.yml/,
    );
    write('b.yml', edit('version: 1', 'version: one'));
    expect(() => listRunbooks(tmp)).toThrow(YamlValidationError);
  });
});

describe('findRunbook', () => {
  test('by name in the shipped folder, or by path', () => {
    const byName = findRunbook('compromised-connected-app');
    expect(byName.file).toBe(path.join(SHIPPED, 'compromised-connected-app.yaml'));
    expect(byName.runbook.parameters.appNames.type).toBe('connectedAppNames');
    const file = write('mine.yaml', BASE);
    expect(findRunbook(file).runbook.name).toBe('test-runbook');
  });

  test('an unknown name lists the known ones', () => {
    expect(() => findRunbook('phi-exfiltration')).toThrow(
      "no runbook named 'phi-exfiltration' in " +
        SHIPPED +
        '; known: compromised-connected-app, insider-snooping, phi-exfiltration-salesforce (or give a file path)',
    );
  });
});

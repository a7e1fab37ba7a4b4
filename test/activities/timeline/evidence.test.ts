import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashEvidence, verifyEvidence } from '../../../activities/timeline';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tq-evidence-'));
  await mkdir(join(dir, 'elf'));
  await writeFile(join(dir, 'login-history.csv'), 'LoginTime,UserId\n2026-03-10T19:00:01.000+0000,005\n');
  await writeFile(join(dir, 'elf', 'login.csv'), 'x'.repeat(3_000_000));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('hashes files (streaming) with paths relative to the folder, and verifies them', async () => {
  const manifest = await hashEvidence([join(dir, 'login-history.csv'), join(dir, 'elf', 'login.csv')], {
    baseDir: dir,
    now: () => new Date(0),
  });
  expect(manifest.createdAt).toBe('1970-01-01T00:00:00.000Z');
  expect(manifest.files[1]).toEqual({
    path: 'elf/login.csv',
    bytes: 3_000_000,
    sha256: createHash('sha256').update('x'.repeat(3_000_000)).digest('hex'),
  });
  expect(await verifyEvidence(manifest, dir)).toEqual({ ok: true, files: 2 });
});

test('a tampered, missing or escaping file is named', async () => {
  const manifest = await hashEvidence([join(dir, 'login-history.csv'), join(dir, 'elf', 'login.csv')], {
    baseDir: dir,
  });
  await writeFile(join(dir, 'elf', 'login.csv'), 'x'.repeat(2_999_999) + 'y');
  expect(await verifyEvidence(manifest, dir)).toMatchObject({ ok: false, file: 'elf/login.csv' });
  await rm(join(dir, 'login-history.csv'));
  expect(await verifyEvidence(manifest, dir)).toMatchObject({ ok: false, file: 'login-history.csv' });
  const evil = { ...manifest, files: [{ path: '../etc/passwd', bytes: 1, sha256: 'x' }] };
  expect(await verifyEvidence(evil, dir)).toMatchObject({ ok: false, file: '../etc/passwd' });
});

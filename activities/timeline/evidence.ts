import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, normalize, relative, sep } from 'node:path';

/** One hashed evidence file. */
export interface EvidenceFile {
  /** Path relative to the evidence folder, `/`-separated. */
  path: string;
  bytes: number;
  /** SHA-256, lower-case hex. */
  sha256: string;
}

/** The SHA-256 manifest of an evidence folder. */
export interface EvidenceManifest {
  files: EvidenceFile[];
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** What {@link verifyEvidence} found: the first file that is missing or differs, by name. */
export type EvidenceVerdict = { ok: true; files: number } | { ok: false; file: string; reason: string };

/** Streams a file through SHA-256. */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    hash.update(buf);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Hashes evidence files (streaming, node:crypto). Paths are recorded relative to `baseDir` (default: the file
 * name only), with `/` separators.
 */
export async function hashEvidence(
  files: readonly string[],
  options: { baseDir?: string; now?: () => Date } = {},
): Promise<EvidenceManifest> {
  const out: EvidenceFile[] = [];
  for (const file of files) {
    const name = options.baseDir ? relative(options.baseDir, file).split(sep).join('/') : basename(file);
    out.push({ path: name, ...(await hashFile(file)) });
  }
  return { files: out, createdAt: (options.now?.() ?? new Date()).toISOString() };
}

/** Re-hashes every manifest entry under `dir`; names the first missing or mismatching file. */
export async function verifyEvidence(manifest: EvidenceManifest, dir: string): Promise<EvidenceVerdict> {
  for (const entry of manifest.files) {
    const local = normalize(entry.path);
    if (isAbsolute(local) || local.split(sep).includes('..'))
      return {
        ok: false,
        file: entry.path,
        reason: 'path leaves the evidence folder; the manifest was altered',
      };
    const full = join(dir, local);
    try {
      const st = await stat(full);
      if (!st.isFile()) return { ok: false, file: entry.path, reason: 'not a regular file' };
    } catch {
      return { ok: false, file: entry.path, reason: `missing from ${dir}` };
    }
    const { bytes, sha256 } = await hashFile(full);
    if (bytes !== entry.bytes)
      return { ok: false, file: entry.path, reason: `size ${bytes} bytes, manifest says ${entry.bytes}` };
    if (sha256 !== entry.sha256)
      return {
        ok: false,
        file: entry.path,
        reason: `SHA-256 ${sha256} does not match the manifest (${entry.sha256})`,
      };
  }
  return { ok: true, files: manifest.files.length };
}

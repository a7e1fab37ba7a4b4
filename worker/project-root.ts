import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/**
 * The folder holding Tourniquet's package.json, found by walking up from this file, so the same code works
 * from the TypeScript sources (tests) and from the compiled `dist/` tree.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'tourniquet') return (cached = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Tourniquet's package.json above ${__dirname}`);
    dir = parent;
  }
}

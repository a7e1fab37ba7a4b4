import * as os from 'node:os';
import type { Actor } from '../domain/actor';

/** The actor a CLI command acts as: `--as NAME`, or the OS user. */
export function cliActor(as?: string): Actor {
  const id = as?.trim() || os.userInfo().username;
  return { id, displayName: id, surface: 'cli' };
}

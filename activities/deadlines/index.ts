import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { TourniquetError } from '../../domain/errors';
import type { PinnedRulePacks } from '../../workflows/deadline-types';
import { loadRegulations } from './regulations';

/** What the deadline activities need: the folder of regulation rule packs (`templates/regulations`). */
export interface DeadlineActivityDeps {
  regulationsDir?: string;
}

/** Builds the deadline activities. */
export function createDeadlineActivities(deps: DeadlineActivityDeps) {
  return {
    /**
     * Reads and validates every rule pack of the regulations folder, for a deadline workflow to pin: the packs as
     * data, the files and one SHA-256 over the files' own hashes (in file order), so the evidence says exactly
     * which rules computed the dates. An invalid pack fails without retry, naming file, line and field.
     */
    loadRulePacks(): Promise<PinnedRulePacks> {
      try {
        const loaded = loadRegulations(deps.regulationsDir);
        const sha256 = createHash('sha256')
          .update(loaded.files.map((f) => f.sha256).join('\n'))
          .digest('hex');
        return Promise.resolve({
          packs: loaded.files.map((f) => f.pack),
          sha256,
          files: loaded.files.map((f) => path.basename(f.file)),
        });
      } catch (err) {
        if (err instanceof TourniquetError) throw ApplicationFailure.nonRetryable(err.message, err.code);
        throw err;
      }
    },
  };
}

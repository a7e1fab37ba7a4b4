import { Prng } from './prng';
import { FaultsSchema, type FaultSettings } from './scenario-schema';

/** Kinds of injected failure, for statistics. */
export type FaultKind =
  'unableToLockRow' | 'requestLimitExceeded' | 'serviceUnavailable' | 'concurrencyLimit';

/** Fault settings as a caller may give them (every field optional). */
export type FaultSettingsInput = Partial<FaultSettings>;

/** The current fault settings plus the seeded PRNG that decides each injected failure. */
export class Faults {
  private current: FaultSettings;
  private prng: Prng;

  constructor(initial: FaultSettingsInput = {}) {
    this.current = FaultsSchema.parse(initial);
    this.prng = new Prng(this.current.seed);
  }

  /** The settings in force. */
  get settings(): FaultSettings {
    return this.current;
  }

  /**
   * Replaces the settings (validated; fields left out keep their current values). Giving `seed` restarts the
   * PRNG so a test can replay the same sequence of injected failures.
   */
  set(patch: FaultSettingsInput): FaultSettings {
    const merged: Record<string, unknown> = { ...this.current, ...patch };
    if ('maxConcurrent' in patch && patch.maxConcurrent === undefined) delete merged.maxConcurrent;
    this.current = FaultsSchema.parse(merged);
    if (patch.seed !== undefined) this.prng = new Prng(this.current.seed);
    return this.current;
  }

  /** Draws whether a failure of this rate happens now. */
  roll(rate: number): boolean {
    return rate > 0 && this.prng.chance(rate);
  }
}

import type { ParseProgress } from '../../activities/timeline/parse-pool';
import { n } from './usage';

const BAR_WIDTH = 24;

/**
 * Build progress on standard error. On a terminal: one line redrawn in place, a bar over the bytes read, the events
 * so far and their rate. Elsewhere (with `--progress`): a plain line at most every `everyMs`. Phase changes
 * (hashing, merging) are always their own line.
 */
export class BuildProgress {
  private readonly started = performance.now();
  private lastLine = -Infinity;
  private drawn = false;

  constructor(
    private readonly enabled: boolean,
    private readonly tty: boolean,
    private readonly write: (text: string) => void = (text) => void process.stderr.write(text),
    private readonly everyMs = tty ? 100 : 2000,
  ) {}

  /** A phase line (`hashing 6 input files…`). */
  line(text: string): void {
    if (!this.enabled) return;
    this.clear();
    this.write(text + '\n');
  }

  /** The parse workers' progress. */
  parse(p: ParseProgress): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const fraction = p.bytesTotal ? Math.min(1, p.bytesRead / p.bytesTotal) : 1;
    const figures = `${n(p.events)} events (${n(Math.round(p.events / seconds))}/s), ${p.filesDone}/${p.files} files`;
    if (this.tty) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
      this.write(`\r[${bar}] ${Math.floor(fraction * 100)}% ${figures}\u001b[K`);
      this.drawn = true;
    } else this.write(`  … ${Math.floor(fraction * 100)}% of the input read: ${figures}\n`);
  }

  /** Events merged, reconstructed and written so far (after parsing). */
  merged(events: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    const figures = `${n(events)} events merged and written`;
    if (this.tty) {
      this.write(`\r${figures}\u001b[K`);
      this.drawn = true;
    } else this.write(`  … ${figures}\n`);
  }

  /** Ends the redrawn line so what follows starts on its own. */
  clear(): void {
    if (this.drawn) this.write('\n');
    this.drawn = false;
  }
}

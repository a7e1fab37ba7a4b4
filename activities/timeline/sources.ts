import { createReadStream } from 'node:fs';
import { parseSource, type GenericMapping, type SourceFormat } from '../../domain/timeline/parsers';
import type { CanonicalEvent, RejectedRecord } from '../../domain/timeline/event';
import type { TimelineInput } from './build';
import { ChunkedWriter } from './lines';
import { nodeHashText } from './link-hash';

/** One input file of a timeline build. */
export interface SourceFileSpec {
  /** Where to read it. */
  path: string;
  /** Its name in the evidence manifest (recorded in every event and reject). */
  file: string;
  /** Overrides format detection. */
  format?: SourceFormat;
  /** Field mapping for generic NDJSON/CSV inputs. */
  mapping?: GenericMapping;
}

/** Options of {@link openSourceFiles}. */
export interface OpenSourcesOptions {
  /** Minutes east of UTC for timestamps without a zone (Setup UI downloads). */
  defaultZoneOffsetMinutes?: number;
  /** Where rejected records go, one JSON object per line (file, line, reason, text). */
  rejects: RejectsFile;
}

/** Collects rejected records into an NDJSON file, counting them per input. */
export class RejectsFile {
  private readonly counts = new Map<string, number>();
  private first: RejectedRecord[] = [];

  private constructor(
    /** The NDJSON path. */
    readonly path: string,
    private readonly writer: ChunkedWriter,
  ) {}

  /** Creates (truncates) the rejects file. */
  static async open(path: string): Promise<RejectsFile> {
    return new RejectsFile(path, await ChunkedWriter.open(path));
  }

  /** Records one reject. */
  async add(reject: RejectedRecord): Promise<void> {
    this.counts.set(reject.file, (this.counts.get(reject.file) ?? 0) + 1);
    if (this.first.length < 20) this.first.push(reject);
    await this.writer.write(JSON.stringify(reject) + '\n');
  }

  /** Rejects counted for one input file. */
  countOf(file: string): number {
    return this.counts.get(file) ?? 0;
  }

  /** Every reject counted. */
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** The first rejects (at most 20), to show without opening the file. */
  get sample(): readonly RejectedRecord[] {
    return this.first;
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return this.writer.close();
  }
}

/** The source name an input's events carry, without the per-event-type suffix (`EventLogFile:Login` → `EventLogFile`). */
function familyOf(source: string): string {
  const colon = source.indexOf(':');
  return colon < 0 ? source : source.slice(0, colon);
}

/** The source family of a known format, so an input that yields no event is still listed under its source. */
const FORMAT_FAMILY: Partial<Record<SourceFormat, string>> = {
  'eventlogfile-csv': 'EventLogFile',
  'rtem-json': 'RTEM',
  'setup-audit-trail-json': 'SetupAuditTrail',
  'setup-audit-trail-csv': 'SetupAuditTrail',
  'login-history-json': 'LoginHistory',
  'login-history-csv': 'LoginHistory',
  'incident-log-json': 'incident-log',
};

/**
 * Opens input files as lazily parsed {@link TimelineInput}s: each is streamed from disk only when the build reads
 * it, rejects go to the rejects file (never dropped), and the input's name is the source family of its events.
 */
export function openSourceFiles(
  specs: readonly SourceFileSpec[],
  options: OpenSourcesOptions,
): TimelineInput[] {
  return specs.map((spec) => {
    const known = spec.format && FORMAT_FAMILY[spec.format];
    const input: TimelineInput = { name: known || spec.file, file: spec.file, events: [] };
    input.events = (async function* (): AsyncGenerator<CanonicalEvent> {
      const text = createReadStream(spec.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
      let named = !!known;
      for await (const item of parseSource(text as AsyncIterable<string>, {
        file: spec.file,
        format: spec.format,
        mapping: spec.mapping,
        defaultZoneOffsetMinutes: options.defaultZoneOffsetMinutes,
        hashText: nodeHashText,
      })) {
        if (item.kind === 'reject') {
          await options.rejects.add(item.reject);
          continue;
        }
        if (!named) {
          input.name = familyOf(item.event.source);
          named = true;
        }
        yield item.event;
      }
    })();
    input.rejects = () => options.rejects.countOf(spec.file);
    return input;
  });
}

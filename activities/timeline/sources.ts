import type { GenericMapping, SourceFormat } from '../../domain/timeline/parsers';
import type { RejectedRecord } from '../../domain/timeline/event';
import { ChunkedWriter } from './lines';

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

/** The source family of an event's source name, without the per-event-type suffix (`EventLogFile:Login` → `EventLogFile`). */
export function familyOfSource(source: string): string {
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

/** The source family of the events a known format yields (undefined for generic formats and detection). */
export function familyOfFormat(format: SourceFormat | undefined): string | undefined {
  return format && FORMAT_FAMILY[format];
}

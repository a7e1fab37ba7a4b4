/**
 * A parse worker (worker thread): parses the inputs the build hands it one at a time, filters, corrects skew, and
 * writes sorted runs of the events (see `spill-codec.ts`); rejects and progress go back as messages. Parsing and
 * run sorting are most of a build's work, so they run on every core while the main thread only merges.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { RejectedRecord } from '../../domain/timeline/event';
import { eventFilter } from '../../domain/timeline/filter';
import { parseSourceBatches } from '../../domain/timeline/parsers';
import { eventComparator, type SkewedEvent } from '../../domain/timeline/reconstruct';
import { SortedRunWriter } from './external-sort';
import { nodeHashText } from './link-hash';
import type { FileParseStats, FromParseWorker, ParseWorkerData, ToParseWorker } from './parse-protocol';
import { sortableEventMaker } from './sortable';
import { familyOfFormat, familyOfSource, type SourceFileSpec } from './sources';
import { SPILL_CODEC } from './spill-codec';

const PROGRESS_EVERY_MS = 250;

function runWorker(port: MessagePort, data: ParseWorkerData): void {
  const send = (message: FromParseWorker) => port.postMessage(message);
  const keep = eventFilter(data.filter);
  const sortable = sortableEventMaker(data.skew);
  const writer = new SortedRunWriter<SkewedEvent>({
    tmpDir: data.tmpDir,
    runSize: data.runSize,
    compare: eventComparator(data.priority),
    codec: SPILL_CODEC,
    prefix: 'tourniquet-parse-',
  });

  async function parseFile(index: number, spec: SourceFileSpec): Promise<FileParseStats> {
    const stream: ReadStream = createReadStream(spec.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    let name = familyOfFormat(spec.format) ?? '';
    let read = 0;
    let filteredOut = 0;
    const sources = new Set<string>();
    let lastProgress = performance.now();
    for await (const items of parseSourceBatches(stream as AsyncIterable<string>, {
      file: spec.file,
      format: spec.format,
      mapping: spec.mapping,
      defaultZoneOffsetMinutes: data.defaultZoneOffsetMinutes,
      hashText: nodeHashText,
    })) {
      let rejects: RejectedRecord[] | undefined;
      for (const item of items) {
        if (item.kind === 'reject') {
          (rejects ??= []).push(item.reject);
          continue;
        }
        const e = sortable(item.event);
        read++;
        sources.add(e.source);
        if (keep && !keep(e)) {
          filteredOut++;
          continue;
        }
        if (writer.push(e)) await writer.spill();
      }
      if (rejects) send({ type: 'rejects', rejects });
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        send({ type: 'progress', index, events: read, bytes: stream.bytesRead });
      }
    }
    send({ type: 'progress', index, events: read, bytes: stream.bytesRead });
    if (!name) name = sources.size ? familyOfSource([...sources][0]) : spec.file;
    return { index, name, read, filteredOut, sources: [...sources].sort() };
  }

  let current: number | null = null;
  port.on('message', (message: ToParseWorker) => {
    const work = async (): Promise<void> => {
      if (message.type === 'file') {
        current = message.index;
        const stats = await parseFile(message.index, message.spec);
        current = null;
        send({ type: 'file-done', ...stats });
        send({ type: 'ready' });
        return;
      }
      const result = await writer.finish({ alwaysSpill: true });
      send({ type: 'runs', runs: 'runs' in result ? result.runs : [] });
    };
    work().catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'error', index: current, name: e.name, message: e.message });
    });
  });
  send({ type: 'ready' });
}

if (parentPort) runWorker(parentPort, workerData as ParseWorkerData);

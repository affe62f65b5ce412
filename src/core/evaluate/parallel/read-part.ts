/**
 * The reader thread's work: parse a byte range of a CSV file and turn each batch into the model's feed
 * arrays (plus the label and slice columns as parsed), handing them to the evaluating thread, which runs
 * the model. At most `maxBytesInFlight` of batches wait to be taken, so memory stays bounded however far
 * ahead the reader gets.
 */
import { openCsvRange } from '../../data/csv-reader.js';
import type { Batch, Column } from '../../data/types.js';
import { buildFeedArrays, type FeedStats } from '../../model/input-mapping.js';
import type { ReadPartMessage, ReadPartTask, SentColumn } from './read-task.js';

export interface ReadPartPort {
  send(message: ReadPartMessage, transfer: ArrayBuffer[]): void;
  /** Resolves when the evaluating thread has taken batches (an ack), or the reader should stop. */
  waitForAck(): Promise<number>;
}

export async function readCsvPart(task: ReadPartTask, port: ReadPartPort): Promise<void> {
  const stream = openCsvRange(
    task.path,
    { start: task.start, end: task.end, names: task.names, firstLine: 1 },
    {
      columnTypes: task.columnTypes,
      delimiter: task.delimiter,
      batchSize: task.batchSize,
      reuseBuffers: true,
    },
  );
  let inFlight = 0;
  let rows = 0;
  for await (const batch of stream.batches()) {
    const stats: FeedStats = { missing: new Map() };
    // Fresh arrays per batch: they are transferred to the other thread, not copied.
    const feeds = buildFeedArrays(task.plan, batch, undefined, stats, task.path);
    const columns = task.keep.map((name) => sendColumn(batch, name));
    const transfer: ArrayBuffer[] = [];
    let bytes = 0;
    for (const f of Object.values(feeds)) {
      if (!Array.isArray(f.data)) {
        transfer.push(f.data.buffer as ArrayBuffer);
        bytes += f.data.byteLength;
      } else bytes += stringBytes(f.data);
    }
    for (const c of columns) {
      transfer.push(c.state.buffer as ArrayBuffer);
      if (!Array.isArray(c.values)) transfer.push(c.values.buffer as ArrayBuffer);
      bytes += c.state.byteLength + (Array.isArray(c.values) ? stringBytes(c.values) : c.values.byteLength);
    }
    const rowNumbers = batch.rowNumbers.slice(0, batch.length);
    const lines = batch.lines.slice(0, batch.length);
    transfer.push(rowNumbers.buffer, lines.buffer);
    rows += batch.length;
    port.send(
      {
        type: 'batch',
        n: batch.length,
        rowNumbers,
        lines,
        feeds,
        columns,
        missing: [...stats.missing],
        bytes,
      },
      transfer,
    );
    inFlight += bytes;
    while (inFlight > task.maxBytesInFlight) inFlight -= await port.waitForAck();
  }
  port.send({ type: 'done', rows, endLine: stream.endLine }, []);
}

function sendColumn(batch: Batch, name: string): SentColumn {
  const column = batch.columns.find((c) => c.name === name) as Column;
  const n = batch.length;
  const values: SentColumn['values'] = column.values.slice(0, n);
  return { name, kind: column.kind, state: column.state.slice(0, n), values, invalid: [...column.invalid] };
}

/** What an array of strings (or JSON values) costs in memory, roughly: a pointer, a header and the text. */
function stringBytes(values: unknown[]): number {
  let bytes = 0;
  for (const v of values) bytes += 16 + (typeof v === 'string' ? 2 * v.length : 8);
  return bytes;
}

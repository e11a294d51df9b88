import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { normalizeCccd } from '../../../shared/domain/cccd';
import { personKeyOf } from '../persons/person-key';
import { contentId, csvTable, encodeGroups, parseRows, readHeader, serviceResolver, type Group } from './rows';
import type { ParserJob, ParserMessage, ParserStart } from './parser';

// The import's reading thread (parser.ts): reads and checks the .csv's rows and hands the visits
// over in batches as they are complete. Needs no database: services and clock come with the job.

const { job, port, signal } = workerData as { job: ParserJob; port: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);

/** Visits per message: large enough that a message costs little, small enough that the writer starts early. */
const BATCH = 256;

function send(message: ParserMessage): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

function start(message: ParserStart): void {
  parentPort?.postMessage(message);
}

let started = false;
try {
  const table = csvTable(job.bytes);
  const header = table ? readHeader(table.header) : null;
  if (!table || !header || header.errors.length > 0) start({ type: 'in-process' });
  else {
    start({ type: 'header' });
    started = true;
    let batch: Group[] = [];
    const parsed = parseRows(table, header.columnAt, { serviceKeyOf: serviceResolver(job.services), now: job.now }, (group) => {
      const cccd = group.rows[0]?.person?.cccd;
      if (cccd) {
        // The HMAC of the CCCD, made here rather than in the writing thread (a cache entry there: write.ts PersonCache).
        const normalized = normalizeCccd(cccd, true);
        group.personKey = { cccd: normalized, key: personKeyOf({ personKeySecret: job.personKeySecret }, normalized) };
      }
      for (const row of group.rows) {
        // Not needed again: a handed-over visit takes no more rows (a smaller heap here).
        row.visitSignature = '';
        // Its record ids, made here rather than in the writing thread (import.ts toVisitWrite).
        row.service.recordId = contentId(`${group.visitId}|${row.service.serviceKey}`);
      }
      batch.push(group);
      if (batch.length >= BATCH) {
        send({ type: 'groups', flat: encodeGroups(batch) });
        batch = [];
      }
    });
    if (parsed.conflict) send({ type: 'conflict' });
    else {
      if (batch.length > 0) send({ type: 'groups', flat: encodeGroups(batch) });
      const { rows, rowErrors, groupErrors, refusedWithoutGroup } = parsed;
      send({ type: 'done', summary: { rows, rowErrors, groupErrors, refusedWithoutGroup } });
    }
  }
} catch (error) {
  if (started) send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  else start({ type: 'in-process' });
}

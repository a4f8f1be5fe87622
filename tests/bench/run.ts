/**
 * `npm run bench`: prints every measured figure and exits non-zero when a budget is broken.
 * Not part of `npm test` (timings depend on the machine); results go to docs/performance.md.
 */
import { benchQueue } from './queue-bench.js';
import { benchSearch } from './search-bench.js';

let broken = false;
console.log(
  `Machine: ${process.version}, ${(await import('node:os')).cpus().length} cores, ${(await import('node:os')).cpus()[0]?.model ?? ''}\n`,
);

console.log('Directory search (in process)');
const rows = benchSearch();
for (const r of rows) {
  const ok = r.p95 < r.budget;
  broken ||= !ok;
  console.log(
    `  ${String(r.listings).padStart(6)} listings: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (budget < ${r.budget} ms) ${ok ? 'OK' : 'OVER BUDGET'}; index build from stored words ${r.buildMs.toFixed(0)} ms`,
  );
}
console.log(
  `  word segmentation when a listing is saved: ${rows[0]?.segmentMsPerListing.toFixed(2)} ms per listing`,
);

console.log('\nOperator queue page (DynamoDB Local, GSI queries, no Scan)');
const queue = await benchQueue();
const queueOk = queue.p95 < 50;
broken ||= !queueOk;
console.log(
  `  ${queue.total.toLocaleString('en')} open requests (loaded in ${queue.loadSeconds.toFixed(0)} s): first ${queue.shown} contactable shown, p50 ${queue.p50.toFixed(1)} ms, p95 ${queue.p95.toFixed(1)} ms (budget < 50 ms) ${queueOk ? 'OK' : 'OVER BUDGET'}`,
);

process.exit(broken ? 1 : 0);

// npm run bench: what the lead feed costs and how fast the app acks, each beside its reference.
import { cpus } from 'node:os';
import { benchAckLatency } from './ack-latency.js';
import { benchBulkProgress } from './bulk-progress.js';
import { benchBurstAndSoak } from './burst-and-soak.js';
import { benchFreePlanHour } from './free-plan-hour.js';
import { row } from './lib.js';
import { benchBigPass, benchIdlePass } from './poll-pass.js';

console.log(
  `moltflow-slack bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log('-'.repeat(100));
await benchIdlePass();
await benchBigPass();
await benchAckLatency();
await benchFreePlanHour();
await benchBurstAndSoak();
await benchBulkProgress();
row('done', '');

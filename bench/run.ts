// npm run bench: what the lead feed costs and how fast the app acks, each beside its reference.
import { cpus } from 'node:os';
import { benchAckLatency } from './ack-latency.js';
import { row } from './lib.js';
import { benchBigPass, benchIdlePass } from './poll-pass.js';

console.log(
  `moltflow-slack bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log('-'.repeat(100));
await benchIdlePass();
await benchBigPass();
await benchAckLatency();
row('done', '');

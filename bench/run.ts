// npm run bench: what the app costs and how fast it answers, each figure beside its reference.
// `npm run bench -- ack soak` runs only the benchmarks whose names contain one of the words.
import { cpus } from 'node:os';
import { benchAckLatency } from './ack-latency.js';
import { benchBulkProgress } from './bulk-progress.js';
import { benchBurstAndSoak } from './burst-and-soak.js';
import { benchClickLatency } from './click-latency.js';
import { benchFreePlanHour } from './free-plan-hour.js';
import { row } from './lib.js';
import { benchBigPass, benchIdlePass } from './poll-pass.js';
import { benchReplicas } from './replicas.js';
import { benchWorkspaces } from './workspaces.js';

const BENCHES: [string, () => Promise<void>][] = [
  ['idle-pass', benchIdlePass],
  ['big-pass', benchBigPass],
  ['ack-latency', benchAckLatency],
  ['free-plan-hour', benchFreePlanHour],
  ['click-latency', benchClickLatency],
  ['burst-soak', () => benchBurstAndSoak()],
  ['bulk-progress', benchBulkProgress],
  ['replicas', () => benchReplicas()],
  ['workspaces', () => benchWorkspaces()],
];

const wanted = process.argv.slice(2);
console.log(
  `moltflow-slack bench · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log('-'.repeat(100));
for (const [name, run] of BENCHES) {
  if (wanted.length === 0 || wanted.some((w) => name.includes(w))) await run();
}
row('done', '');

// One connection to a broadcast's progress stream, as progress events: SSE frames (joined ones split
// again, unreadable lines skipped and counted in the log) until the server closes, the stream stalls or
// drops (thrown), or the signal aborts.
import { type BulkProgressEvent, parseProgressData, progressPath } from '../../api/bulk-send.js';
import type { MoltflowClient } from '../../api/client.js';
import { readSseEvents } from '../../api/sse.js';
import type { Logger } from '../../log.js';

export async function* readProgressEvents(
  client: MoltflowClient,
  jobId: string,
  opts: { stallMs: number; signal: AbortSignal; log: Logger },
): AsyncGenerator<BulkProgressEvent> {
  const frames = readSseEvents(client, {
    path: progressPath(jobId),
    stallMs: opts.stallMs,
    signal: opts.signal,
  });
  for await (const frame of frames) {
    const { events, skipped } = parseProgressData(frame.data);
    if (skipped > 0) opts.log.debug('skipped unreadable progress lines', { skipped });
    yield* events;
  }
}

// Server-Sent Events over the client's one seam (same auth, budget and error mapping), parsed with
// eventsource-parser. MoltFlow's bulk progress stream has no heartbeats and may idle for minutes between
// messages, so a stall detector turns "nothing at all for stallMs" into an error the caller reconnects on.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { MoltflowClient } from './client.js';
import { MoltflowConnectionError, MoltflowError } from './errors.js';

export type SseEvent = EventSourceMessage;

export interface SseOptions {
  path: string;
  /** No event and no comment for this long counts as a dropped stream. */
  stallMs: number;
  signal?: AbortSignal;
}

/** The stream went quiet for longer than the stall limit; the socket has been closed. */
export class SseStalledError extends MoltflowConnectionError {
  constructor(path: string, stallMs: number) {
    super(`MoltFlow stream ${path} sent nothing for ${Math.round(stallMs / 1000)} s`, {
      timedOut: true,
      code: 'SSE_STALLED',
    });
    this.name = 'SseStalledError';
  }
}

/**
 * Yields each event until the server closes the stream. Throws SseStalledError on a stall, a
 * MoltflowConnectionError when the connection drops, the caller's abort reason when aborted, and the
 * client's HTTP errors (401, 403, 404, 429 …) when the stream cannot be opened.
 */
export async function* readSseEvents(client: MoltflowClient, opts: SseOptions): AsyncGenerator<SseEvent> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) throw opts.signal.reason;
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const queue: SseEvent[] = [];
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  let stream: Awaited<ReturnType<MoltflowClient['openStream']>> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      stream?.body.destroy();
      controller.abort(new SseStalledError(opts.path, opts.stallMs));
    }, opts.stallMs);
  };
  const parser = createParser({
    onEvent: (event) => {
      queue.push(event);
      arm();
    },
    onComment: () => arm(),
  });

  try {
    arm(); // also covers a server that accepts the connection but never sends headers
    stream = await client.openStream({ path: opts.path, signal: controller.signal });
    const decoder = new TextDecoder();
    for await (const chunk of stream.body) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      while (queue.length > 0) yield queue.shift() as SseEvent;
    }
    // A server that closes without the final blank line would otherwise swallow its last frame.
    parser.feed(`${decoder.decode()}\n\n`);
    while (queue.length > 0) yield queue.shift() as SseEvent;
    if (stalled) throw new SseStalledError(opts.path, opts.stallMs);
  } catch (err) {
    if (stalled) throw new SseStalledError(opts.path, opts.stallMs);
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (err instanceof MoltflowError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new MoltflowConnectionError(`MoltFlow stream ${opts.path} dropped: ${why}`, {
      timedOut: false,
      code: (err as { code?: string } | null)?.code ?? null,
    });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    stream?.body.destroy();
  }
}

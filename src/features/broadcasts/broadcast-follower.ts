// Follows one broadcast: reads MoltFlow's SSE progress, folds every frame into the latest state, redraws
// the progress message through the coalescer (≤ 1 edit per interval, final state always drawn), tells the
// thread about each status change and the final summary, and keeps the state in the store. When the stream
// ends or drops while the job still runs, it re-reads GET /bulk-send/{id} and reconnects with backoff.
import type { webApi } from '@slack/bolt';
import {
  type BulkJob,
  type BulkProgressEvent,
  getBulkSend,
  isTerminalStatus,
  parseProgressData,
  progressPath,
} from '../../api/bulk-send.js';
import type { MoltflowClient } from '../../api/client.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { backoffDelay, type RetryPolicy } from '../../api/retry.js';
import { readSseEvents } from '../../api/sse.js';
import type { ChangeFeed } from '../../changes.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';
import { buildStatusReply, buildSummaryReply } from './broadcast-messages.js';
import { type BroadcastState, foldProgress, jobEvent, statusChange } from './broadcast-state.js';
import { isMessageGone, ProgressMessage } from './progress-slack.js';
import { UpdateCoalescer } from './update-coalescer.js';

/** While a job is paused, how long before the first re-read, and the longest wait between two. */
const PAUSED_FIRST_WAIT_MS = 60_000;
const PAUSED_MAX_WAIT_MS = 15 * 60_000;

export interface BroadcastFollowerDeps {
  moltflow: MoltflowClient;
  slack: webApi.WebClient;
  store: Store;
  logger: Logger;
  /** Minimum time between two edits of the progress message. */
  intervalMs: number;
  /** No event for this long counts as a dropped stream. */
  stallMs: number;
  reconnect: RetryPolicy;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => Date;
  /** Told when a broadcast's saved progress or status changes, and when it finishes (the App Home). */
  changes?: ChangeFeed;
}

export class BroadcastFollower {
  private readonly coalescer: UpdateCoalescer<BroadcastState>;
  private readonly stopping = new AbortController();
  private wake = new AbortController();
  private actor: { status: string; by: string } | null = null;
  private gone = false;
  /** The chain of state saves, so they reach the store in the order they were made. */
  private saves: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  private readonly message: ProgressMessage;

  constructor(
    private readonly deps: BroadcastFollowerDeps,
    where: { channel: string; ts: string },
    private state: BroadcastState,
  ) {
    this.log = deps.logger.child({ jobId: state.jobId });
    this.message = new ProgressMessage(deps.slack, where, this.log);
    this.coalescer = new UpdateCoalescer((s) => this.draw(s), {
      intervalMs: deps.intervalMs,
      onError: (error) => this.drawFailed(error),
    });
  }

  get current(): BroadcastState {
    return this.state;
  }

  /** Runs until the job finishes (then the message and thread are final) or stop() is called. */
  async run(opts: { resync: boolean }): Promise<void> {
    if (opts.resync) {
      await this.resync(); // after a restart: what happened while we were away
      this.coalescer.push(this.state); // and redraw, so the buttons match the truth
    }
    this.announce();
    let attempt = 0;
    while (!this.over) {
      this.wake = new AbortController();
      const events = await this.follow(this.wake.signal);
      if (this.over) break;
      await this.resync(); // the stream ended or dropped: re-read the truth before reconnecting
      if (this.over) break;
      attempt = events > 0 ? 1 : attempt + 1;
      // A paused job streams nothing; instead of re-reading it every stall, wait longer each time (up to
      // PAUSED_MAX_WAIT_MS). A Resume from Slack wakes the wait at once (see apply).
      const wait =
        this.state.status === 'paused'
          ? Math.min(PAUSED_MAX_WAIT_MS, PAUSED_FIRST_WAIT_MS * 2 ** Math.min(attempt - 1, 10))
          : backoffDelay(this.deps.reconnect, attempt);
      await this.deps.sleep(wait, this.wake.signal).catch(() => {});
    }
    if (!this.stopping.signal.aborted) await this.finish();
  }

  /** One connection to the progress stream; returns how many progress events it carried. */
  private async follow(signal: AbortSignal): Promise<number> {
    let events = 0;
    try {
      const opts = { stallMs: this.deps.stallMs, signal, log: this.log };
      for await (const event of readProgressEvents(this.deps.moltflow, this.state.jobId, opts)) {
        this.apply(event);
        events += 1;
        if (this.over) break;
      }
    } catch (error) {
      if (!this.over) this.log.info('bulk progress stream dropped', { error });
    }
    return events;
  }

  /**
   * Who is about to change the job from Slack. Set before MoltFlow is asked, because MoltFlow may stream the
   * new status before it answers the request; null withdraws it (the request failed).
   */
  credit(change: { status: string; by: string } | null): void {
    this.actor = change;
  }

  /** A job read on Slack's side (a control's answer, a re-read after a refusal): drawn at once. */
  observe(job: BulkJob): void {
    this.apply(jobEvent(job));
  }

  /** Stops following without finishing; the store keeps the state so the next start resumes it. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('stopping'));
    this.wake.abort();
    await this.coalescer.close();
    await this.persist();
  }

  private get over(): boolean {
    return this.gone || this.stopping.signal.aborted || isTerminalStatus(this.state.status);
  }

  private apply(event: BulkProgressEvent): void {
    const next = foldProgress(this.state, event);
    if (next === this.state) return;
    const wasPaused = this.state.status === 'paused';
    this.state = next;
    this.announce();
    this.coalescer.push(this.state);
    // A finished job needs no stream and no reconnect wait; a resumed one wants its stream back now.
    if (this.over || (wasPaused && next.status !== 'paused')) this.wake.abort();
  }

  private async resync(): Promise<void> {
    try {
      const job = await getBulkSend(this.deps.moltflow, this.state.jobId, this.stopping.signal);
      this.apply(jobEvent(job));
    } catch (error) {
      if (error instanceof MoltflowHttpError && error.status === 404) {
        this.log.warn('MoltFlow no longer knows this broadcast; no longer following it');
        this.gone = true;
        this.message.reply(
          ':grey_question: MoltFlow no longer has this broadcast, so I stopped following it.',
        );
      } else if (!this.stopping.signal.aborted) this.log.info('could not re-read the broadcast', { error });
    }
  }

  private announce(): void {
    const change = statusChange(this.state.announced, this.state.status);
    if (change === null) return;
    const by = this.actor?.status === this.state.status ? this.actor.by : null;
    if (by) this.actor = null; // credited once; a later change of the same kind may come from elsewhere
    this.state = { ...this.state, announced: this.state.status };
    // Saved before posting: after a crash a reply may be missing, but never doubled.
    this.message.reply(buildStatusReply(change, this.state, by), this.persist());
  }

  private async draw(s: BroadcastState): Promise<void> {
    await this.message.draw(s);
    await this.persist();
  }

  private drawFailed(error: unknown): void {
    this.log.warn('could not update the broadcast progress message', { error });
    if (isMessageGone(error)) {
      this.gone = true;
      this.wake.abort();
    }
  }

  private async finish(): Promise<void> {
    await this.coalescer.idle();
    if (isTerminalStatus(this.state.status) && !this.state.summaryPosted) {
      this.state = { ...this.state, summaryPosted: true };
      this.message.reply(buildSummaryReply(this.state, this.deps.now()), this.persist());
    }
    await this.message.repliesDone();
    await this.coalescer.close();
    await this.saves;
    await this.deps.store.broadcasts.update(this.state.jobId, { finished: true }, this.deps.now());
    this.deps.changes?.emit('broadcasts');
  }

  /**
   * Saves the current state, in order after earlier saves; resolves false (logged) when the store refused,
   * so a reply that depends on it is not posted.
   */
  private persist(): Promise<boolean> {
    const { status } = this.state;
    const snapshot = { status, state: { ...this.state } };
    const saved = this.saves.then(() =>
      this.deps.store.broadcasts.update(this.state.jobId, snapshot, this.deps.now()).then(
        () => {
          this.deps.changes?.emit('broadcasts');
          return true;
        },
        (error: unknown) => {
          this.log.warn('could not save the broadcast state', { error });
          return false;
        },
      ),
    );
    this.saves = saved.then(() => undefined);
    return saved;
  }
}

/**
 * One connection to a broadcast's progress stream, as progress events: SSE frames (joined ones split
 * again, unreadable lines skipped and counted in the log) until the server closes, the stream stalls or
 * drops (thrown), or the signal aborts.
 */
async function* readProgressEvents(
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

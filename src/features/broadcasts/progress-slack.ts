// The Slack side of one followed broadcast: edits of its progress message and replies in its thread, the
// replies kept in order (one after the other) and never failing the tracker.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import { buildBulkProgressMessage } from './progress-message.js';
import type { BulkProgressState } from './progress-state.js';

/** The message is gone or can no longer be edited: following the job further is pointless. */
const MESSAGE_GONE = new Set([
  'message_not_found',
  'channel_not_found',
  'is_archived',
  'cant_update_message',
]);

export function isMessageGone(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== null && MESSAGE_GONE.has(code);
}

export class ProgressMessage {
  private replies: Promise<void> = Promise.resolve();
  private revision = 0;

  constructor(
    private readonly slack: webApi.WebClient,
    readonly where: { channel: string; ts: string },
    private readonly log: Logger,
  ) {}

  /** Redraws the message; throws what Slack said, for the coalescer to report. */
  async draw(s: BulkProgressState): Promise<void> {
    this.revision += 1;
    const message = buildBulkProgressMessage(s, { revision: `${Date.now()}-${this.revision}` });
    await this.slack.chat.update({ channel: this.where.channel, ts: this.where.ts, ...message });
  }

  /** Queues a thread reply after the ones before it; a failure is logged, not thrown. */
  reply(text: string): void {
    const { channel, ts } = this.where;
    this.replies = this.replies.then(async () => {
      try {
        await this.slack.chat.postMessage({ channel, thread_ts: ts, text });
      } catch (error) {
        this.log.warn('could not reply in the broadcast thread', { error });
      }
    });
  }

  /** Resolves once every queued reply has been posted (or has failed). */
  repliesDone(): Promise<void> {
    return this.replies;
  }
}

// The Slack side of one broadcast's progress message: posting it (where /bulksend was typed, or to the
// person directly when the app cannot post there), then edits of it and replies in its thread, the replies
// kept in order (one after the other) and never failing the follower.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';
import { slackErrorCode } from '../../slack/slack-errors.js';
import { buildProgressMessage } from './broadcast-messages.js';
import type { BroadcastState } from './broadcast-state.js';

/** Slack refusals that mean "the app cannot post in that conversation", where a DM still works. */
const CANNOT_POST_THERE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
]);

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

export interface PostedProgress {
  channel: string;
  ts: string;
  state: BroadcastState;
  /** True when the message went to the person directly instead of the channel /bulksend was typed in. */
  direct: boolean;
}

/**
 * Posts the progress message where /bulksend was typed; when the app cannot post there, sends it to the
 * person directly, saying why, so the broadcast is never left without its controls.
 */
export async function postProgressMessage(
  client: webApi.WebClient,
  origin: { channel: string; user: string },
  state: BroadcastState,
): Promise<PostedProgress> {
  try {
    return await post(client, origin.channel, state, false);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === null || !CANNOT_POST_THERE.has(code)) throw error;
  }
  const opened = await client.conversations.open({ users: origin.user });
  const dm = opened.channel?.id;
  if (!dm) throw new Error('conversations.open returned no channel');
  const where = origin.channel.startsWith('D')
    ? 'the conversation where you typed `/bulksend`'
    : `<#${origin.channel}> (invite me there with \`/invite @moltflow\` next time)`;
  return post(
    client,
    dm,
    { ...state, note: `I can't post in ${where}, so I'm following this broadcast here.` },
    true,
  );
}

async function post(
  client: webApi.WebClient,
  channel: string,
  state: BroadcastState,
  direct: boolean,
): Promise<PostedProgress> {
  const message = buildProgressMessage(state, { revision: `${Date.now()}-0` });
  const res = await client.chat.postMessage({ channel, ...message });
  if (!res.ts) throw new Error('chat.postMessage returned no ts');
  return { channel: res.channel ?? channel, ts: res.ts, state, direct };
}

/** One posted progress message, as the follower edits it and replies in its thread. */
export class ProgressMessage {
  private replies: Promise<void> = Promise.resolve();
  private revision = 0;

  constructor(
    private readonly slack: webApi.WebClient,
    readonly where: { channel: string; ts: string },
    private readonly log: Logger,
  ) {}

  /** Redraws the message; throws what Slack said, for the coalescer to report. */
  async draw(s: BroadcastState): Promise<void> {
    this.revision += 1;
    const message = buildProgressMessage(s, { revision: `${Date.now()}-${this.revision}` });
    await this.slack.chat.update({ channel: this.where.channel, ts: this.where.ts, ...message });
  }

  /**
   * Queues a thread reply after the ones before it; a failure is logged, not thrown. With `after`, the reply
   * waits for it and is dropped if it says false: the state that records the reply was not saved, so posting
   * could repeat the reply after a restart.
   */
  reply(text: string, after?: Promise<boolean>): void {
    const { channel, ts } = this.where;
    this.replies = this.replies.then(async () => {
      if (after && !(await after)) return;
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

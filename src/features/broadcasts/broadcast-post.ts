import type { webApi } from '@slack/bolt';
import { slackErrorCode } from '../../slack/slack-errors.js';
import { buildBulkProgressMessage } from './progress-message.js';
import type { BulkProgressState } from './progress-state.js';

/** Slack refusals that mean "the app cannot post in that conversation", where a DM still works. */
const CANNOT_POST_THERE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
]);

export interface PostedProgress {
  channel: string;
  ts: string;
  state: BulkProgressState;
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
  state: BulkProgressState,
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
  state: BulkProgressState,
  direct: boolean,
): Promise<PostedProgress> {
  const message = buildBulkProgressMessage(state, { revision: `${Date.now()}-0` });
  const res = await client.chat.postMessage({ channel, ...message });
  if (!res.ts) throw new Error('chat.postMessage returned no ts');
  return { channel: res.channel ?? channel, ts: res.ts, state, direct };
}

import type { webApi } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger } from '../log.js';
import { slackErrorCode } from './slack-errors.js';

export interface PrivateReply {
  /** Where the person was (the card's channel, where they typed the command); null → their DM. */
  channel: string | null;
  user: string;
  text: string;
  blocks?: KnownBlock[];
}

/**
 * Tells one person the outcome of something they started from a modal (which has no response_url):
 * ephemeral in the channel they were in, or in their DM with the app when that channel does not take it
 * (the app is not a member, or there was no channel). Never throws: the work is done either way.
 */
export async function replyPrivately(
  client: webApi.WebClient,
  logger: Logger,
  reply: PrivateReply,
): Promise<void> {
  const content = { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
  if (reply.channel && !reply.channel.startsWith('D')) {
    try {
      await client.chat.postEphemeral({ channel: reply.channel, user: reply.user, ...content });
      return;
    } catch (err) {
      logger.info('ephemeral reply refused; sending a DM instead', { error: slackErrorCode(err) ?? err });
    }
  }
  try {
    const dm = await client.conversations.open({ users: reply.user });
    const channel = dm.channel?.id;
    if (channel) await client.chat.postMessage({ channel, ...content });
  } catch (err) {
    logger.warn('could not tell the person the outcome', { user: reply.user, error: err });
  }
}

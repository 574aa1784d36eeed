// chat.* as the app uses it: lead cards posted and edited in place, thread replies, ephemeral notices.
import { type FakeMessage, fail, type MethodTable, type SlackArgs, str } from './model.js';
import type { SlackState } from './state.js';

function metadataOf(args: SlackArgs): FakeMessage['metadata'] {
  const m = args.metadata;
  if (typeof m !== 'object' || m === null) return undefined;
  const { event_type, event_payload } = m as Record<string, unknown>;
  if (typeof event_type !== 'string') return undefined;
  return { event_type, event_payload: (event_payload ?? {}) as Record<string, unknown> };
}

const blocksOf = (args: SlackArgs): unknown[] | undefined =>
  Array.isArray(args.blocks) ? args.blocks : undefined;

/** The channel the message must exist in, or the error chat.update/chat.delete give. */
function existing(args: SlackArgs, state: SlackState): FakeMessage | ReturnType<typeof fail> {
  const ch = state.channel(str(args.channel));
  if (!ch) return fail('channel_not_found');
  return state.findMessage(ch.id, str(args.ts)) ?? fail('message_not_found');
}

export const chatMethods: MethodTable = {
  'chat.postMessage': (args, state) => {
    const ch = state.postable(str(args.channel));
    if ('ok' in ch) return ch;
    const invalid = state.checkPayload('chat.postMessage', args);
    if (invalid) return invalid;
    // A reply to a reply lands in the parent's thread, as in Slack.
    const threadTs = str(args.thread_ts);
    const parent = threadTs ? state.findMessage(ch.id, threadTs) : undefined;
    const message: FakeMessage = {
      channel: ch.id,
      ts: state.nextTs(),
      text: str(args.text) ?? '',
      blocks: blocksOf(args),
      metadata: metadataOf(args),
      thread_ts: parent?.thread_ts ?? threadTs,
      user: state.botUserId,
      bot_id: state.botId,
      edits: 0,
      deleted: false,
    };
    state.messages.push(message);
    return { ok: true, channel: ch.id, ts: message.ts, message: state.toApi(message, true) };
  },

  'chat.update': (args, state) => {
    const message = existing(args, state);
    if ('ok' in message) return message;
    if (message.user !== state.botUserId) return fail('cant_update_message');
    const invalid = state.checkPayload('chat.update', args);
    if (invalid) return invalid;
    if (args.text !== undefined) message.text = str(args.text) ?? '';
    if (args.blocks !== undefined) message.blocks = blocksOf(args);
    if (args.metadata !== undefined) message.metadata = metadataOf(args);
    message.edits += 1;
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: state.toApi(message, true),
    };
  },

  'chat.postEphemeral': (args, state) => {
    const ch = state.postable(str(args.channel));
    if ('ok' in ch) return ch;
    const user = str(args.user);
    if (!user) return fail('user_not_in_channel');
    const invalid = state.checkPayload('chat.postEphemeral', args);
    if (invalid) return invalid;
    const blocks = blocksOf(args);
    const ts = state.nextTs();
    state.ephemerals.push({
      channel: ch.id,
      user,
      text: str(args.text) ?? '',
      ...(blocks ? { blocks } : {}),
      ts,
    });
    return { ok: true, message_ts: ts };
  },

  'chat.getPermalink': (args, state) => {
    const message = existing({ ...args, ts: args.message_ts }, state);
    if ('ok' in message) return message;
    const permalink = `https://moltflow-test.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
    return { ok: true, channel: message.channel, permalink };
  },

  'chat.delete': (args, state) => {
    const message = existing(args, state);
    if ('ok' in message) return message;
    if (message.user !== state.botUserId) return fail('cant_delete_message');
    message.deleted = true;
    return { ok: true, channel: message.channel, ts: message.ts };
  },
};

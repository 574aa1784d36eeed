// conversations.*: reading back what was posted (the app rebuilds its card index from history after a
// crash), channel info, and joining. Metadata comes back only with include_all_metadata, as in Slack.
import {
  bool,
  type ChannelInfo,
  type FakeMessage,
  fail,
  type MethodTable,
  parseTs,
  type SlackArgs,
  type SlackResult,
  str,
  TEAM_ID,
} from './model.js';
import type { SlackState } from './state.js';

function channelObject(ch: ChannelInfo): Record<string, unknown> {
  return {
    id: ch.id,
    name: ch.name,
    is_channel: !ch.isIm && !ch.isPrivate,
    is_group: ch.isPrivate && !ch.isIm,
    is_im: ch.isIm,
    is_private: ch.isPrivate,
    is_archived: ch.archived,
    is_member: ch.member,
    context_team_id: TEAM_ID,
  };
}

/** oldest/latest bounds, exclusive unless inclusive=true, as Slack documents them. */
function inRange(args: SlackArgs): (m: FakeMessage) => boolean {
  const oldest = parseTs(str(args.oldest) ?? '0');
  const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : parseTs(str(args.latest) ?? '');
  const inclusive = bool(args.inclusive);
  return (m) => {
    const t = parseTs(m.ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
}

/** Cursor paging over an already ordered list; the cursor is an opaque offset. */
function page(list: FakeMessage[], args: SlackArgs): SlackResult | { items: FakeMessage[]; next: string } {
  const limit = Number(str(args.limit) ?? 100) || 100;
  const cursor = str(args.cursor);
  const offset = cursor ? Number(/^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString())?.[1]) : 0;
  if (!Number.isInteger(offset)) return fail('invalid_cursor');
  const items = list.slice(offset, offset + limit);
  const more = offset + limit < list.length;
  return { items, next: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' };
}

function readable(args: SlackArgs, state: SlackState): ChannelInfo | SlackResult {
  const ch = state.channel(str(args.channel));
  if (!ch) return fail('channel_not_found');
  if (!ch.member) return fail('not_in_channel');
  return ch;
}

const byTs = (a: FakeMessage, b: FakeMessage) => parseTs(a.ts) - parseTs(b.ts);

export const conversationMethods: MethodTable = {
  'conversations.history': (args, state) => {
    const ch = readable(args, state);
    if ('ok' in ch) return ch;
    const within = inRange(args);
    const list = state.messages.filter((m) => m.channel === ch.id && !m.deleted && !m.thread_ts && within(m));
    const result = page(list.sort(byTs).reverse(), args);
    if ('ok' in result) return result;
    const withMetadata = bool(args.include_all_metadata);
    return {
      ok: true,
      messages: result.items.map((m) => state.toApi(m, withMetadata)),
      has_more: result.next !== '',
      pin_count: 0,
      response_metadata: { next_cursor: result.next },
    };
  },

  'conversations.replies': (args, state) => {
    const ch = readable(args, state);
    if ('ok' in ch) return ch;
    const parent = state.findMessage(ch.id, str(args.ts));
    if (!parent || parent.thread_ts) return fail('thread_not_found');
    const within = inRange(args);
    const replies = state.messages.filter(
      (m) => m.channel === ch.id && m.thread_ts === parent.ts && !m.deleted,
    );
    const result = page([parent, ...replies.sort(byTs)].filter(within), args);
    if ('ok' in result) return result;
    const withMetadata = bool(args.include_all_metadata);
    return {
      ok: true,
      messages: result.items.map((m) => state.toApi(m, withMetadata)),
      has_more: result.next !== '',
      response_metadata: { next_cursor: result.next },
    };
  },

  'conversations.info': (args, state) => {
    const ch = state.channel(str(args.channel));
    return ch ? { ok: true, channel: channelObject(ch) } : fail('channel_not_found');
  },

  /** The app's DM with one user: D + the user id's tail, so tests can predict it (U0ANA → D0ANA). */
  'conversations.open': (args, state) => {
    const users = (str(args.users) ?? '').split(',').filter(Boolean);
    const user = users[0];
    if (users.length !== 1 || !user || !/^[UW]/.test(user)) return fail('user_not_found');
    const id = `D${user.slice(1)}`;
    state.channels.set(id, { ...state.channels.get(id), member: true, name: user.toLowerCase() });
    return { ok: true, channel: { id } };
  },

  'conversations.join': (args, state) => {
    const ch = state.channel(str(args.channel));
    if (!ch) return fail('channel_not_found');
    if (ch.archived) return fail('is_archived');
    if (ch.isPrivate || ch.isIm) return fail('method_not_supported_for_channel_type');
    const already = ch.member;
    state.channels.set(ch.id, { ...state.channels.get(ch.id), member: true });
    const joined = { ...channelObject(ch), is_member: true };
    return { ok: true, channel: joined, ...(already ? { warning: 'already_in_channel' } : {}) };
  },
};

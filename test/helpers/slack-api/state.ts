// What the fake Slack workspace holds, and the few rules every method area shares (channel gates,
// message timestamps, payload checks). Method areas live beside it, one file each.
import { MESSAGE_TEXT_MAX, validateBlocks } from '../block-kit-rules.js';
import {
  type ChannelInfo,
  type ChannelSettings,
  type FakeEphemeral,
  type FakeFile,
  type FakeMessage,
  type FakeUser,
  type FakeView,
  fail,
  formatTs,
  parseTs,
  type SlackArgs,
  type SlackResult,
  str,
  TEAM_ID,
} from './model.js';

const BASE_TS_MICROS = 1_700_000_000_000_000;

export class SlackState {
  origin = '';
  readonly botId = 'B0BOT';
  readonly messages: FakeMessage[] = [];
  readonly channels = new Map<string, ChannelSettings>();
  readonly users = new Map<string, FakeUser>();
  /**
   * Flags for people the test did not describe with setUser. The suites that are not about access act as
   * workspace admins (so every role is theirs); access tests describe each persona explicitly.
   */
  defaultUser: FakeUser = { is_admin: true };
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views: FakeView[] = [];
  /** The Home tab each user sees: the latest views.publish for them. */
  readonly homes = new Map<string, FakeView>();
  /** User group id (S…) → member user ids, for usergroups.users.list. */
  readonly userGroups = new Map<string, Set<string>>();
  readonly files: FakeFile[] = [];
  readonly warnings: string[] = [];
  readonly rejections: { method: string; errors: string[] }[] = [];
  private lastTs = BASE_TS_MICROS;
  private seq = 0;

  constructor(readonly botUserId: string) {}

  /** Unique and increasing, like Slack's, and never below a seeded message's ts. */
  nextTs(): string {
    // Like Slack's: the wall clock in microseconds, kept strictly increasing.
    this.lastTs = Math.max(this.lastTs + 100, Date.now() * 1000);
    return formatTs(this.lastTs);
  }
  noteTs(ts: string): void {
    const micros = parseTs(ts);
    if (Number.isFinite(micros) && micros > this.lastTs) this.lastTs = micros;
  }
  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  /** Unknown ids that look like Slack's (C…, G…, D…) exist and have the bot in them. */
  channel(id: string | undefined): ChannelInfo | undefined {
    if (!id) return undefined;
    const set = this.channels.get(id);
    if (!set && !/^[CGD]/.test(id)) return undefined;
    return {
      id,
      name: set?.name ?? id.toLowerCase(),
      member: set?.member ?? true,
      archived: set?.archived ?? false,
      isPrivate: set?.isPrivate ?? id.startsWith('G'),
      isIm: id.startsWith('D'),
    };
  }

  /** The channel if the bot may post there, else the error Slack gives. */
  postable(id: string | undefined): ChannelInfo | SlackResult {
    const ch = this.channel(id);
    if (!ch) return fail('channel_not_found');
    if (ch.archived) return fail('is_archived');
    if (!ch.member) return fail('not_in_channel');
    return ch;
  }

  findMessage(channel: string, ts: string | undefined): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  }

  /** Text/blocks rules shared by chat.*, response_url: no_text, invalid_blocks, and the fallback warning. */
  checkPayload(where: string, args: SlackArgs, requireText = true): SlackResult | undefined {
    const text = str(args.text);
    if (requireText && args.blocks === undefined && !text && args.attachments === undefined)
      return fail('no_text');
    // Slack keeps the message but cuts the text, with a warning (slack-platform.md §2.1).
    if ((text?.length ?? 0) > MESSAGE_TEXT_MAX)
      this.warnings.push(`${where}: message_truncated (text over ${MESSAGE_TEXT_MAX} characters)`);
    if (args.blocks === undefined) return undefined;
    const errors = validateBlocks(args.blocks, 'message');
    if (errors.length > 0) return this.reject(where, errors);
    if (!text)
      this.warnings.push(`${where}: blocks without top-level text (no notification/screen-reader fallback)`);
    return undefined;
  }
  reject(where: string, errors: string[]): SlackResult {
    this.rejections.push({ method: where, errors });
    return fail('invalid_blocks', {
      errors,
      response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
    });
  }

  /** A message as the Web API returns it; metadata only when asked for, as real Slack does. */
  toApi(m: FakeMessage, withMetadata: boolean): Record<string, unknown> {
    const replies = m.thread_ts
      ? []
      : this.messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && !r.deleted);
    return {
      type: 'message',
      user: m.user,
      bot_id: m.bot_id,
      team: TEAM_ID,
      text: m.text,
      ts: m.ts,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts, parent_user_id: this.botUserId } : {}),
      ...(replies.length > 0
        ? { thread_ts: m.ts, reply_count: replies.length, latest_reply: replies.at(-1)?.ts }
        : {}),
      ...(m.edits > 0 ? { edited: { user: m.user, ts: m.ts } } : {}),
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  reset(): void {
    for (const list of [
      this.messages,
      this.ephemerals,
      this.views,
      this.files,
      this.warnings,
      this.rejections,
    ]) {
      list.length = 0;
    }
    this.channels.clear();
    this.users.clear();
    this.homes.clear();
  }
}

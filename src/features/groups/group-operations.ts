// Work shared by the /groups command and the buttons on its messages: opening a group's form, sharing a
// group as a file, reading a page of the contact pool.
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { listPoolContacts } from '../../api/custom-group-members.js';
import {
  type CustomGroup,
  type ExportFormat,
  exportCustomGroup,
  getCustomGroup,
} from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { buildGroupNotice, buildMembersModal, buildRenameModal, type GroupModalMeta } from './group-forms.js';
import { buildContactsPage, MEMBERS_PER_PAGE } from './group-member-pages.js';
import { describeGroupError, describeNoMatch, groupName, members } from './group-text.js';
import { lookupGroup } from './groups-resolve.js';

// --- Opening a form for an existing group ---
// The add / remove / rename form, from a command or a menu. The trigger_id lives 3 s, so the modal opens
// first ("Looking up the group…") and becomes the form once MoltFlow has said which group that is, or
// explains why there is none.

export type GroupFormKind = 'add' | 'remove' | 'rename';

const TITLES: Record<GroupFormKind, string> = {
  add: 'Add contacts',
  remove: 'Remove contacts',
  rename: 'Rename group',
};

function formFor(ctx: AppContext, kind: GroupFormKind, group: CustomGroup, channelId?: string): ModalView {
  const meta: GroupModalMeta = {
    groupId: group.id,
    groupName: group.name,
    memberCount: group.memberCount,
    ...(channelId ? { channelId } : {}),
  };
  return kind === 'rename'
    ? buildRenameModal(meta)
    : buildMembersModal(kind, meta, ctx.config.outreach.defaultPhoneRegion);
}

/** False when the modal could not be opened at all (expired trigger): the caller says so. */
export async function openGroupForm(
  ctx: AppContext,
  client: webApi.WebClient,
  opts: { triggerId: string; kind: GroupFormKind; query: string; channelId?: string },
): Promise<boolean> {
  const title = TITLES[opts.kind];
  let viewId: string | undefined;
  try {
    const opened = await client.views.open({
      trigger_id: opts.triggerId,
      view: buildGroupNotice(title, ':mag: Looking up the group…', 'Cancel'),
    });
    viewId = opened.view?.id;
  } catch (error) {
    ctx.logger.info('could not open a group form', { kind: opts.kind, error });
    return false;
  }
  if (!viewId) return false;
  let view: ModalView;
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, opts.query);
    view =
      match.kind === 'found'
        ? formFor(ctx, opts.kind, match.group, opts.channelId)
        : buildGroupNotice(title, describeNoMatch(match, opts.query));
  } catch (err) {
    view = buildGroupNotice(title, describeGroupError(err, 'look up the group'));
  }
  await client.views
    .update({ view_id: viewId, view })
    .catch((error) => ctx.logger.info('could not show the group form', { error }));
  return true;
}

// --- Export ---
// A group's members as a file in Slack (files.uploadV2): in the channel the person asked from, or, when the
// app cannot post there (not a member, a DM between people), in the person's DM with the app.

/** Slack errors that mean "not this channel", so the person's DM is tried instead. */
const CANNOT_POST_HERE = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'access_denied',
  'not_allowed_token_type',
]);

const slackError = (err: unknown): string | undefined =>
  (err as { data?: { error?: unknown } })?.data?.error as string | undefined;

const fileName = (name: string, format: ExportFormat) =>
  `${
    name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'group'
  }.${format}`;

/**
 * Uploads the export and returns what to tell the person privately, or null when the file in the channel
 * says it all.
 */
export async function exportGroup(
  ctx: AppContext,
  client: webApi.WebClient,
  opts: { groupId: string; format: ExportFormat; channelId: string | undefined; userId: string },
): Promise<string | null> {
  let name: string;
  let count: number | null;
  let content: string;
  try {
    const group = await getCustomGroup(ctx.moltflowInteractive, opts.groupId);
    name = group.name;
    count = group.memberCount;
    content = await exportCustomGroup(ctx.moltflowInteractive, opts.groupId, opts.format);
  } catch (err) {
    return describeGroupError(err, `export the group as ${opts.format.toUpperCase()}`);
  }
  if (content.trim() === '')
    return `MoltFlow sent an empty export for *${groupName(name)}*, so there is no file to share.`;
  const upload = (channel: string) =>
    client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(content, 'utf8'),
      filename: fileName(name, opts.format),
      title: `${name} (${opts.format.toUpperCase()})`,
      initial_comment: `Members of *${groupName(name)}* (${members(count)}), exported for <@${opts.userId}>.`,
    });
  try {
    if (!opts.channelId)
      throw Object.assign(new Error('no channel'), { data: { error: 'channel_not_found' } });
    await upload(opts.channelId);
    return null;
  } catch (err) {
    if (!CANNOT_POST_HERE.has(slackError(err) ?? '')) return uploadFailed(ctx, err);
  }
  try {
    const dm = await client.conversations.open({ users: opts.userId });
    if (!dm.channel?.id) throw new Error('conversations.open returned no channel');
    await upload(dm.channel.id);
    return `I can't post files in this conversation, so I sent the export of *${groupName(name)}* to you in a direct message.`;
  } catch (err) {
    return uploadFailed(ctx, err);
  }
}

function uploadFailed(ctx: AppContext, err: unknown): string {
  ctx.logger.warn('group export upload failed', { error: err });
  const code = slackError(err);
  return `Slack didn't take the export file${code ? ` (${escapeMrkdwn(code)})` : ''}. Try again in a minute.`;
}

// --- The contact pool ---

/** One page of the contact pool, for `/groups contacts` and its Previous/Next buttons. */
export async function buildContactsReply(ctx: AppContext, offset: number) {
  const { contacts, total } = await listPoolContacts(ctx.moltflowInteractive, {
    limit: MEMBERS_PER_PAGE,
    offset,
  });
  return buildContactsPage(contacts, offset, total);
}

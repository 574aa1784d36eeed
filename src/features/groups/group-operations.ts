// Work shared by the /groups command and the buttons on its messages: opening a group's form, sending a
// group's members as a file to the person's DM, reading a page of the contact pool.
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
import { neutraliseExport } from '../../domain/export-rows.js';
import {
  buildDmFailedText,
  buildExportFileNote,
  describeExportFailure,
  type ExportRecord,
  recordExport,
  sendExportToDm,
} from '../../slack/export-delivery.js';
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
// A group's members as a file, always in the person's DM with the app (never the channel they asked from:
// the file holds names and phone numbers), made safe to open in a spreadsheet, and audited.

const fileName = (name: string, format: ExportFormat) =>
  `${
    name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'group'
  }.${format}`;

const rowsText = (rows: number) => `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;

/** Sends the export to the person's DM; returns what to tell them privately where they asked. */
export async function exportGroup(
  ctx: AppContext,
  client: webApi.WebClient,
  opts: { groupId: string; format: ExportFormat; userId: string; teamId: string },
): Promise<string> {
  const deps = { client, audit: ctx.store.audit, logger: ctx.logger, now: ctx.now };
  const who: ExportRecord = {
    actor: opts.userId,
    team: opts.teamId,
    target: `group ${opts.groupId}`,
    format: opts.format,
  };
  let name: string;
  let count: number | null;
  let raw: string;
  try {
    const group = await getCustomGroup(ctx.moltflowInteractive, opts.groupId);
    name = group.name;
    count = group.memberCount;
    who.target = `group ${opts.groupId} ${name}`;
    raw = await exportCustomGroup(ctx.moltflowInteractive, opts.groupId, opts.format);
  } catch (err) {
    await recordExport(deps, who, 'failed', describeExportFailure(err, opts.format));
    return describeGroupError(err, `export the group as ${opts.format.toUpperCase()}`);
  }
  const file = raw.trim() === '' ? null : neutraliseExport(opts.format, raw);
  if (!file) {
    await recordExport(deps, who, 'failed', `${opts.format}; empty or unreadable answer`);
    return `MoltFlow sent an empty export for *${groupName(name)}*, so there is no file to share.`;
  }
  const filename = fileName(name, opts.format);
  const sent = await sendExportToDm(deps, who, {
    file,
    filename,
    title: `${name} (${opts.format.toUpperCase()})`,
    comment:
      `Members of *${groupName(name)}* (${members(count)}): ${rowsText(file.rows)} as ${opts.format.toUpperCase()}.\n` +
      buildExportFileNote(file),
  });
  if (!sent.ok) return buildDmFailedText(sent.code);
  return (
    `:white_check_mark: Sent the members of *${groupName(name)}* (${rowsText(file.rows)}) to you in a direct ` +
    `message as \`${filename}\`. The file holds personal data (names and phone numbers), so it never goes into a channel.`
  );
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

// Opens the add / remove / rename form for an existing group, from a command or a menu. The trigger_id
// lives 3 s, so the modal opens first ("Looking up the group…") and becomes the form once MoltFlow has
// said which group that is, or explains why there is none.
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { CustomGroup } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeGroupError, describeNoMatch } from './group-errors.js';
import { buildMembersModal, buildRenameModal, type GroupModalMeta } from './group-modals.js';
import { buildGroupNotice } from './group-notice.js';
import { lookupGroup } from './groups-resolve.js';

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

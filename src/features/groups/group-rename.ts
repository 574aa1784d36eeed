import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { listAllCustomGroups, renameCustomGroup } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeGroupError, groupGoneText } from './group-errors.js';
import { runModalWork } from './group-modal-work.js';
import { buildRenameModal, GROUP_MODALS, parseGroupForm, parseGroupModalMeta } from './group-modals.js';
import { buildGroupNotice, buildWorkingNotice } from './group-notice.js';
import { renamedText } from './group-results.js';
import { groupName } from './group-text.js';
import { sameGroupName } from './groups-resolve.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = 'Rename group';

/** The rename form: a new name that is not empty, not the current one, and not another group's. */
export async function handleRenameSubmission(
  ctx: AppContext,
  { ack, body, view, client }: Args,
): Promise<void> {
  const meta = parseGroupModalMeta(view.private_metadata);
  const { name } = parseGroupForm(view.state.values);
  const current = meta.groupName ?? '';
  const fieldError =
    name === '' ? 'Give the group a name.' : name === current.trim() ? 'That is already its name.' : null;
  if (fieldError) {
    await ack({ response_action: 'errors', errors: { [GROUP_MODALS.nameBlock]: fieldError } });
    return;
  }
  const groupId = meta.groupId;
  if (!groupId) {
    const text = 'I lost track of which group this was for. Run `/groups rename <group>` again.';
    await ack({ response_action: 'update', view: buildGroupNotice(TITLE, text) });
    return;
  }
  const again = (error: string) => ({ view: buildRenameModal(meta, { name, error }), text: error });
  await runModalWork(ctx, { ack, body, client }, meta.channelId, {
    kind: 'groups-rename',
    working: buildWorkingNotice(TITLE, `Renaming *${groupName(current)}*`),
    onCrash: (err) => again(describeGroupError(err, 'rename the group')),
    run: async () => {
      try {
        const groups = await listAllCustomGroups(ctx.moltflowInteractive);
        const taken = groups.find((g) => g.id !== groupId && sameGroupName(g.name, name));
        if (taken)
          return again(`Another group is already called *${groupName(taken.name)}*. Pick another name.`);
        if (!groups.some((g) => g.id === groupId)) {
          const gone = groupGoneText('rename the group');
          return { view: buildGroupNotice(TITLE, gone), text: gone };
        }
        await renameCustomGroup(ctx.moltflowInteractive, groupId, name);
      } catch (err) {
        return again(describeGroupError(err, 'rename the group'));
      }
      const text = renamedText(current, name);
      return { view: buildGroupNotice(TITLE, text, 'Done'), text };
    },
  });
}

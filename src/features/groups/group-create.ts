import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { listAllCustomGroups } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeLineErrors, parseContactLines } from '../../domain/phones.js';
import { describeGroupError } from './group-errors.js';
import { createGroupWithContacts } from './group-member-changes.js';
import { runModalWork } from './group-modal-work.js';
import { buildCreateGroupModal, GROUP_MODALS, parseGroupForm, parseGroupModalMeta } from './group-modals.js';
import { buildGroupNotice, buildWorkingNotice } from './group-notice.js';
import { createdText } from './group-results.js';
import { groupName } from './group-text.js';
import { sameGroupName } from './groups-resolve.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const TITLE = 'New contact group';

/**
 * The create form. Name and every contact line are checked here, on the fields, before MoltFlow is asked;
 * what only MoltFlow can refuse (an existing name, the plan's group limit, its own validation) brings the
 * form back with the reason on top and everything as typed.
 */
export async function handleCreateGroupSubmission(ctx: AppContext, { ack, body, view, client }: Args) {
  const meta = parseGroupModalMeta(view.private_metadata);
  const form = parseGroupForm(view.state.values);
  const region = ctx.config.outreach.defaultPhoneRegion;
  const parsed = parseContactLines(form.members, region);
  const errors: Record<string, string> = {};
  if (form.name === '') errors[GROUP_MODALS.nameBlock] = 'Give the group a name.';
  if (parsed.errors.length > 0) errors[GROUP_MODALS.membersBlock] = describeLineErrors(parsed.errors);
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const again = (error: string) => ({
    view: buildCreateGroupModal(meta, region, { name: form.name, members: form.members, error }),
    text: error,
  });
  const name = groupName(form.name);
  await runModalWork(ctx, { ack, body, client }, meta.channelId, {
    kind: 'groups-create',
    working: buildWorkingNotice(TITLE, `Creating *${name}*`),
    onCrash: (err) => again(describeGroupError(err, 'create the group')),
    run: async () => {
      const moltflow = ctx.moltflowInteractive;
      let outcome: Awaited<ReturnType<typeof createGroupWithContacts>>;
      try {
        const existing = (await listAllCustomGroups(moltflow)).find((g) => sameGroupName(g.name, form.name));
        if (existing) {
          return again(
            `A group called *${groupName(existing.name)}* already exists. Pick another name, or add these contacts to it with \`/groups add ${groupName(existing.name)}\`.`,
          );
        }
        outcome = await createGroupWithContacts(moltflow, form.name, parsed.contacts);
      } catch (err) {
        return again(describeGroupError(err, 'create the group', parsed.contacts));
      }
      const stopped = outcome.error
        ? ` ${describeGroupError(outcome.error, 'add the rest', outcome.failedBatch)}`
        : '';
      const text = createdText(outcome, parsed.contacts.length, parsed.duplicates) + stopped;
      return { view: buildGroupNotice(TITLE, text, 'Done'), text };
    },
  });
}

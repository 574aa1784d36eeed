import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { describeLineErrors, parseContactLines } from '../../domain/phones.js';
import { describeGroupError } from './group-errors.js';
import { addContacts, removeContacts } from './group-member-changes.js';
import { type ModalOutcome, runModalWork } from './group-modal-work.js';
import {
  buildMembersModal,
  GROUP_MODALS,
  type MembersMode,
  parseGroupForm,
  parseGroupModalMeta,
} from './group-modals.js';
import { buildGroupNotice, buildWorkingNotice } from './group-notice.js';
import { addedText, removedText } from './group-results.js';
import { groupName } from './group-text.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The add / remove contacts form. Every line is checked on the field first; then the contacts go to
 * MoltFlow 1,000 at a time, and the person hears how many went in (or out) and how many were skipped.
 */
export async function handleMembersSubmission(ctx: AppContext, mode: MembersMode, args: Args): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = parseGroupModalMeta(view.private_metadata);
  const form = parseGroupForm(view.state.values);
  const region = ctx.config.outreach.defaultPhoneRegion;
  const parsed = parseContactLines(form.members, region);
  const fieldError =
    parsed.errors.length > 0
      ? describeLineErrors(parsed.errors)
      : parsed.contacts.length === 0
        ? 'Add at least one phone number.'
        : null;
  if (fieldError) {
    await ack({ response_action: 'errors', errors: { [GROUP_MODALS.membersBlock]: fieldError } });
    return;
  }
  const title = mode === 'add' ? 'Add contacts' : 'Remove contacts';
  const groupId = meta.groupId;
  if (!groupId) {
    // Only a form this app did not draw lacks its group; say how to start again rather than guess.
    const text = `I lost track of which group this was for. Run \`/groups ${mode} <group>\` again.`;
    await ack({ response_action: 'update', view: buildGroupNotice(title, text) });
    return;
  }
  const name = groupName(meta.groupName ?? '');
  const doing = mode === 'add' ? 'add the contacts' : 'remove the contacts';
  const again = (error: string): ModalOutcome => ({
    view: buildMembersModal(mode, meta, region, { members: form.members, error }),
    text: error,
  });
  const done = (text: string): ModalOutcome => ({ view: buildGroupNotice(title, text, 'Done'), text });
  await runModalWork(ctx, { ack, body, client }, meta.channelId, {
    kind: `groups-${mode}`,
    working: buildWorkingNotice(
      title,
      `${mode === 'add' ? 'Adding' : 'Removing'} ${parsed.contacts.length.toLocaleString('en-US')} contacts ${mode === 'add' ? 'to' : 'from'} *${name}*`,
    ),
    onCrash: (err) => again(describeGroupError(err, doing)),
    run: async () => {
      const moltflow = ctx.moltflowInteractive;
      const groupLabel = meta.groupName ?? '';
      if (mode === 'remove') {
        try {
          const phones = parsed.contacts.map((c) => c.phone);
          return done(
            removedText(groupLabel, await removeContacts(moltflow, groupId, phones), parsed.duplicates),
          );
        } catch (err) {
          return again(describeGroupError(err, doing));
        }
      }
      let outcome: Awaited<ReturnType<typeof addContacts>>;
      try {
        outcome = await addContacts(moltflow, groupId, parsed.contacts);
      } catch (err) {
        return again(describeGroupError(err, doing));
      }
      if (outcome.sent === 0 && outcome.error !== undefined) {
        return again(describeGroupError(outcome.error, doing, outcome.failedBatch));
      }
      const stopped =
        outcome.error === undefined
          ? ''
          : ` ${describeGroupError(outcome.error, 'add the rest', outcome.failedBatch)}`;
      return done(addedText(groupLabel, outcome, parsed.contacts.length, parsed.duplicates) + stopped);
    },
  });
}

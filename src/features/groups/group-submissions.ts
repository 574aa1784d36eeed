// The group forms submitted: create, add or remove contacts, rename; and the ack / work / update shape they
// share once their fields are valid (the checks themselves live with the forms, in group-forms.ts).
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { listAllCustomGroups, renameCustomGroup } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { parseContactLines } from '../../domain/phones.js';
import { actorOf, auditFailure, auditTarget, recordAudit } from '../../slack/audit.js';
import type { SubmissionArgs } from '../../slack/listener-args.js';
import {
  auditGroupCreated,
  auditMembersAdded,
  auditMembersFailed,
  auditMembersRemoved,
} from './group-audit.js';
import {
  buildCreateGroupModal,
  buildGroupNotice,
  buildMembersModal,
  buildRenameModal,
  buildWorkingNotice,
  type FieldErrors,
  type MembersMode,
  parseGroupForm,
  parseGroupModalMeta,
  validateCreateForm,
  validateMembersForm,
  validateRenameForm,
} from './group-forms.js';
import { addContacts, createGroupWithContacts, removeContacts } from './group-member-changes.js';
import {
  addedText,
  createdText,
  describeGroupError,
  groupGoneText,
  groupName,
  removedText,
  renamedText,
} from './group-text.js';
import { sameGroupName } from './groups-resolve.js';

// --- The shape every submission shares once its fields are valid ---
// Ack at once with a "working" view, call MoltFlow, then replace the modal with the result (or the form
// again, with MoltFlow's reason on top). A double-clicked Submit sends the same view hash twice; only the
// first does the work.

export interface ModalOutcome {
  view: ModalView;
  /** The same news as mrkdwn, posted to the channel the form came from if the modal was closed meanwhile. */
  text: string;
}

export interface ModalWork {
  /** e.g. `groups-create`; the view id and hash are appended. */
  kind: string;
  working: ModalView;
  run: () => Promise<ModalOutcome>;
  /** Called when run() throws something unexpected: the form again, with a general error. */
  onCrash: (err: unknown) => ModalOutcome;
}

type Ack = (response: { response_action: 'update'; view: ModalView }) => Promise<void>;
interface Submission {
  view: { id: string; hash: string };
  user: { id: string };
}

export async function runModalWork(
  ctx: AppContext,
  args: { ack: Ack; body: Submission; client: webApi.WebClient },
  channelId: string | undefined,
  work: ModalWork,
): Promise<void> {
  const { ack, body, client } = args;
  const key = `${work.kind}:${body.view.id}:${body.view.hash}`;
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) {
    // The duplicate of a submission already running (or done): show what the first one shows.
    const done = await ctx.store.idempotency.result<ModalView>(key);
    await ack({ response_action: 'update', view: done ?? work.working });
    return;
  }
  await ack({ response_action: 'update', view: work.working });
  let outcome: ModalOutcome;
  try {
    outcome = await work.run();
  } catch (err) {
    ctx.logger.warn('group form failed', { kind: work.kind, error: err });
    outcome = work.onCrash(err);
  }
  await ctx.store.idempotency.saveResult(key, outcome.view);
  try {
    await client.views.update({ view_id: body.view.id, view: outcome.view });
  } catch (error) {
    ctx.logger.info('could not update the group modal; telling the person in the channel', { error });
    if (!channelId) return;
    await client.chat
      .postEphemeral({ channel: channelId, user: body.user.id, text: outcome.text })
      .catch((err) => ctx.logger.warn('could not post the group result', { error: err }));
  }
}

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

const CREATE_TITLE = 'New contact group';

/**
 * The create form. Name and every contact line are checked here, on the fields, before MoltFlow is asked;
 * what only MoltFlow can refuse (an existing name, the plan's group limit, its own validation) brings the
 * form back with the reason on top and everything as typed.
 */
export async function handleCreateGroupSubmission(
  ctx: AppContext,
  { ack, body, view, client }: SubmissionArgs,
) {
  const meta = parseGroupModalMeta(view.private_metadata);
  const form = parseGroupForm(view.state.values);
  const region = ctx.config.outreach.defaultPhoneRegion;
  const parsed = parseContactLines(form.members, region);
  const errors = validateCreateForm(form.name, parsed);
  if (hasErrors(errors)) {
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
    working: buildWorkingNotice(CREATE_TITLE, `Creating *${name}*`),
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
        const target = auditTarget('new', form.name);
        const asked = `${parsed.contacts.length} contact${parsed.contacts.length === 1 ? '' : 's'}`;
        await recordAudit(ctx, actorOf({ body }), auditFailure('group.created', target, err, asked));
        return again(describeGroupError(err, 'create the group', parsed.contacts));
      }
      await auditGroupCreated(ctx, actorOf({ body }), outcome, parsed.contacts.length);
      const stopped = outcome.error
        ? ` ${describeGroupError(outcome.error, 'add the rest', outcome.failedBatch)}`
        : '';
      const text = createdText(outcome, parsed.contacts.length, parsed.duplicates) + stopped;
      return { view: buildGroupNotice(CREATE_TITLE, text, 'Done'), text };
    },
  });
}

/**
 * The add / remove contacts form. Every line is checked on the field first; then the contacts go to
 * MoltFlow 1,000 at a time, and the person hears how many went in (or out) and how many were skipped.
 */
export async function handleMembersSubmission(
  ctx: AppContext,
  mode: MembersMode,
  args: SubmissionArgs,
): Promise<void> {
  const { ack, body, view, client } = args;
  const meta = parseGroupModalMeta(view.private_metadata);
  const form = parseGroupForm(view.state.values);
  const region = ctx.config.outreach.defaultPhoneRegion;
  const parsed = parseContactLines(form.members, region);
  const errors = validateMembersForm(parsed);
  if (hasErrors(errors)) {
    await ack({ response_action: 'errors', errors });
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
      const actor = actorOf({ body });
      const group = { id: groupId, name: meta.groupName ?? null };
      const asked = parsed.contacts.length;
      if (mode === 'remove') {
        try {
          const phones = parsed.contacts.map((c) => c.phone);
          const removed = await removeContacts(moltflow, groupId, phones);
          await auditMembersRemoved(ctx, actor, group, asked, removed);
          return done(removedText(groupLabel, removed, parsed.duplicates));
        } catch (err) {
          await auditMembersFailed(ctx, actor, mode, group, asked, err);
          return again(describeGroupError(err, doing));
        }
      }
      let outcome: Awaited<ReturnType<typeof addContacts>>;
      try {
        outcome = await addContacts(moltflow, groupId, parsed.contacts);
      } catch (err) {
        await auditMembersFailed(ctx, actor, mode, group, asked, err);
        return again(describeGroupError(err, doing));
      }
      await auditMembersAdded(ctx, actor, group, asked, outcome);
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

const RENAME_TITLE = 'Rename group';

/** The rename form: a new name that is not empty, not the current one, and not another group's. */
export async function handleRenameSubmission(
  ctx: AppContext,
  { ack, body, view, client }: SubmissionArgs,
): Promise<void> {
  const meta = parseGroupModalMeta(view.private_metadata);
  const { name } = parseGroupForm(view.state.values);
  const current = meta.groupName ?? '';
  const errors = validateRenameForm(name, current);
  if (hasErrors(errors)) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const groupId = meta.groupId;
  if (!groupId) {
    const text = 'I lost track of which group this was for. Run `/groups rename <group>` again.';
    await ack({ response_action: 'update', view: buildGroupNotice(RENAME_TITLE, text) });
    return;
  }
  const again = (error: string) => ({ view: buildRenameModal(meta, { name, error }), text: error });
  await runModalWork(ctx, { ack, body, client }, meta.channelId, {
    kind: 'groups-rename',
    working: buildWorkingNotice(RENAME_TITLE, `Renaming *${groupName(current)}*`),
    onCrash: (err) => again(describeGroupError(err, 'rename the group')),
    run: async () => {
      try {
        const groups = await listAllCustomGroups(ctx.moltflowInteractive);
        const taken = groups.find((g) => g.id !== groupId && sameGroupName(g.name, name));
        if (taken)
          return again(`Another group is already called *${groupName(taken.name)}*. Pick another name.`);
        if (!groups.some((g) => g.id === groupId)) {
          const gone = groupGoneText('rename the group');
          return { view: buildGroupNotice(RENAME_TITLE, gone), text: gone };
        }
        await renameCustomGroup(ctx.moltflowInteractive, groupId, name);
      } catch (err) {
        const target = auditTarget(groupId, current);
        await recordAudit(ctx, actorOf({ body }), auditFailure('group.renamed', target, err));
        return again(describeGroupError(err, 'rename the group'));
      }
      await recordAudit(ctx, actorOf({ body }), {
        action: 'group.renamed',
        target: auditTarget(groupId, name),
        detail: `${current.slice(0, 80)} → ${name.slice(0, 80)}`,
      });
      const text = renamedText(current, name);
      return { view: buildGroupNotice(RENAME_TITLE, text, 'Done'), text };
    },
  });
}

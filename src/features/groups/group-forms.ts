// The contact-group forms: create (name + members), add or remove members, rename; each drawn, read back and
// checked here. A form can be drawn again after MoltFlow refused it, with what the person typed and the
// reason on top, so nothing has to be retyped. Notices are the modals with nothing to submit.
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { describeLineErrors, type ParsedContacts } from '../../domain/phones.js';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

export const GROUP_MODALS = {
  create: 'group_create',
  add: 'group_add',
  remove: 'group_remove',
  rename: 'group_rename',
  nameBlock: 'group_name',
  nameAction: 'name',
  membersBlock: 'group_members',
  membersAction: 'members',
} as const;

export type MembersMode = 'add' | 'remove';
/** What a form carries between open and submit: the group, and the channel to answer in if the modal is gone. */
export interface GroupModalMeta {
  groupId?: string;
  groupName?: string;
  memberCount?: number | null;
  channelId?: string;
}
export interface FormState {
  name?: string;
  members?: string;
  /** mrkdwn, already escaped: why the last submission did not go through. */
  error?: string;
}
/** Field errors keyed by block id, for `response_action: errors`; empty when the form may go to MoltFlow. */
export type FieldErrors = Record<string, string>;

const NAME_MAX = 255;

function nameInput(label: string, initial?: string): InputBlock {
  return {
    type: 'input',
    block_id: GROUP_MODALS.nameBlock,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: GROUP_MODALS.nameAction,
      max_length: NAME_MAX,
      placeholder: plain('e.g. Lisbon buyers', 150),
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

function membersInput(region: string | undefined, optional: boolean, initial?: string): InputBlock {
  const regionHint = region
    ? `Numbers without a country code are read as ${region} numbers.`
    : 'Start each number with + and its country code.';
  return {
    type: 'input',
    block_id: GROUP_MODALS.membersBlock,
    optional,
    label: plain('Contacts'),
    hint: plain(`One contact per line: a phone number, or a number, a comma and a name. ${regionHint}`),
    element: {
      type: 'plain_text_input',
      action_id: GROUP_MODALS.membersAction,
      multiline: true,
      placeholder: plain('+1 415 555 2671, Ana Souza', 150),
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

const errorBlocks = (form: FormState): KnownBlock[] =>
  form.error ? [{ type: 'section', text: md(`:warning: ${form.error}`) }] : [];

function modal(
  callbackId: string,
  title: string,
  submit: string,
  meta: GroupModalMeta,
  blocks: KnownBlock[],
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain('Cancel', 24),
    // Slack caps private_metadata at 3,000 characters; the name rides along only for the words around it
    // (300 characters: even all control characters, escaped six-fold by JSON, stay under the cap).
    private_metadata: JSON.stringify({ ...meta, groupName: meta.groupName?.slice(0, 300) }),
    blocks,
  };
}

export function buildCreateGroupModal(
  meta: GroupModalMeta,
  region: string | undefined,
  form: FormState = {},
): ModalView {
  return modal(GROUP_MODALS.create, 'New contact group', 'Create', meta, [
    ...errorBlocks(form),
    nameInput('Group name', form.name),
    membersInput(region, true, form.members),
  ]);
}

export function buildMembersModal(
  mode: MembersMode,
  meta: GroupModalMeta,
  region: string | undefined,
  form: FormState = {},
): ModalView {
  const name = truncate(escapeMrkdwn(meta.groupName ?? ''), 300);
  const count = meta.memberCount == null ? '' : ` · ${meta.memberCount.toLocaleString('en-US')} members now`;
  const intro =
    mode === 'add'
      ? `Add contacts to *${name}*${count}. Numbers already in the group are skipped.`
      : `Remove contacts from *${name}*${count}. Numbers not in the group are ignored.`;
  const title = mode === 'add' ? 'Add contacts' : 'Remove contacts';
  return modal(GROUP_MODALS[mode], title, mode === 'add' ? 'Add' : 'Remove', meta, [
    ...errorBlocks(form),
    { type: 'section', text: md(intro) },
    membersInput(region, false, form.members),
  ]);
}

export function buildRenameModal(meta: GroupModalMeta, form: FormState = {}): ModalView {
  return modal(GROUP_MODALS.rename, 'Rename group', 'Rename', meta, [
    ...errorBlocks(form),
    nameInput('New name', form.name ?? meta.groupName),
  ]);
}

// --- Notices ---
// Modals with nothing to submit: "looking up the group", "working on it", the result, or why not. They
// replace a form in place (views.update), so the person sees one modal from command to result.

export const GROUP_NOTICE_CALLBACK = 'group_notice';

/** `text` is mrkdwn the caller has escaped. */
export function buildGroupNotice(title: string, text: string, close = 'Close'): ModalView {
  return {
    type: 'modal',
    callback_id: GROUP_NOTICE_CALLBACK,
    title: plain(title, 24),
    close: plain(close, 24),
    blocks: [{ type: 'section', text: md(truncate(text, 3000)) }],
  };
}

export const buildWorkingNotice = (title: string, doing: string): ModalView =>
  buildGroupNotice(title, `:hourglass_flowing_sand: ${doing}…`);

// --- Reading a submission back ---

const MetaSchema = z.object({
  groupId: z.string().max(128).optional(),
  groupName: z.string().max(1000).optional(),
  memberCount: z.number().int().nullish(),
  channelId: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
});

/** private_metadata back to a meta object; anything this app did not write reads as empty. */
export function parseGroupModalMeta(raw: string | undefined): GroupModalMeta {
  try {
    const parsed = MetaSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const StateSchema = z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() })));

/** What was typed into a group form (missing fields read as ''). */
export function parseGroupForm(values: unknown): { name: string; members: string } {
  const parsed = StateSchema.safeParse(values);
  const state = parsed.success ? parsed.data : {};
  const read = (block: string, action: string) => state[block]?.[action]?.value ?? '';
  return {
    name: read(GROUP_MODALS.nameBlock, GROUP_MODALS.nameAction).trim().replace(/\s+/g, ' '),
    members: read(GROUP_MODALS.membersBlock, GROUP_MODALS.membersAction),
  };
}

// --- Checking it on the fields, before MoltFlow is asked ---

/** Create: a name, and every contact line readable (no contacts at all is fine: an empty group). */
export function validateCreateForm(name: string, parsed: ParsedContacts): FieldErrors {
  const errors: FieldErrors = {};
  if (name === '') errors[GROUP_MODALS.nameBlock] = 'Give the group a name.';
  if (parsed.errors.length > 0) errors[GROUP_MODALS.membersBlock] = describeLineErrors(parsed.errors);
  return errors;
}

/** Add / remove: every line readable, and at least one number. */
export function validateMembersForm(parsed: ParsedContacts): FieldErrors {
  const fieldError =
    parsed.errors.length > 0
      ? describeLineErrors(parsed.errors)
      : parsed.contacts.length === 0
        ? 'Add at least one phone number.'
        : null;
  return fieldError ? { [GROUP_MODALS.membersBlock]: fieldError } : {};
}

/** Rename: a new name that is not empty and not the current one (other groups' names are checked later). */
export function validateRenameForm(name: string, current: string): FieldErrors {
  const fieldError =
    name === '' ? 'Give the group a name.' : name === current.trim() ? 'That is already its name.' : null;
  return fieldError ? { [GROUP_MODALS.nameBlock]: fieldError } : {};
}

// The "Add to group" modal behind the button on lead cards and details, built and read back here. It opens
// at once in a loading state (the trigger_id lives 3 s), then is redrawn with the custom groups and, when
// MoltFlow knows, a warning that the contact never wrote first (WhatsApp's anti-spam rule makes cold
// messages risky). A submission is exactly one of an existing group or a new name, with the metadata the
// modal carried (validated: it names the lead and where to answer); field errors name the block.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { CustomGroup } from '../../api/custom-groups.js';
import { ResourceId } from '../../domain/ids.js';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

export const ADD_TO_GROUP = {
  actionId: 'lead_add_to_group',
  callbackId: 'lead_add_to_group_modal',
  groupBlock: 'atg_group',
  groupAction: 'atg_group_pick',
  newBlock: 'atg_new',
  newAction: 'atg_new_name',
} as const;

/** Carried in private_metadata from the click to the submission. */
export interface AddToGroupMeta {
  leadId: string;
  /** Where the answer goes (ephemeral); null when the button was in a modal → a DM. */
  channel: string | null;
  name: string | null;
  phone: string | null;
}

export type ReciprocityNote =
  | { kind: 'messaged'; lastInboundAt: Date | null; session: string }
  | { kind: 'never'; session: string }
  | { kind: 'unknown'; why: string };

export const AddToGroupMetaSchema = z.object({
  leadId: ResourceId,
  channel: z.string().max(32).nullable(),
  name: z.string().max(300).nullable(),
  phone: z.string().max(64).nullable(),
});

const NAME_MAX = 255;

function who(meta: AddToGroupMeta): string {
  const name = meta.name?.trim() || meta.phone?.trim() || 'this lead';
  const phone = meta.name?.trim() && meta.phone ? ` (${escapeMrkdwn(meta.phone)})` : '';
  return `*${truncate(escapeMrkdwn(name), 200)}*${phone}`;
}

function shell(meta: AddToGroupMeta, blocks: KnownBlock[], submit: boolean): ModalView {
  return {
    type: 'modal',
    callback_id: ADD_TO_GROUP.callbackId,
    title: plain('Add to group', 24),
    close: plain('Cancel', 24),
    ...(submit ? { submit: plain('Add', 24) } : {}),
    private_metadata: JSON.stringify(AddToGroupMetaSchema.parse(meta)),
    blocks: [{ type: 'section', text: md(`Add ${who(meta)} to a custom group.`) }, ...blocks],
  };
}

export function buildAddToGroupLoading(meta: AddToGroupMeta): ModalView {
  return shell(
    meta,
    [{ type: 'context', elements: [md(':hourglass_flowing_sand: Loading your custom groups…')] }],
    false,
  );
}

function reciprocityBlock(note: ReciprocityNote): KnownBlock | null {
  if (note.kind === 'never') {
    return {
      type: 'section',
      text: md(
        `:warning: *This contact has never messaged ${escapeMrkdwn(note.session)}.* WhatsApp treats ` +
          'messages to people who did not write first as spam, and MoltFlow may hold them back. ' +
          'You can still add them; consider waiting until they write to you.',
      ),
    };
  }
  if (note.kind === 'messaged') {
    const when = note.lastInboundAt ? `, last ${dateToken(note.lastInboundAt)}` : '';
    return {
      type: 'context',
      elements: [md(`:white_check_mark: Messaged ${escapeMrkdwn(note.session)} first${when}.`)],
    };
  }
  return null;
}

function groupOption(g: CustomGroup): PlainTextOption {
  const count = g.memberCount === null ? '' : ` (${g.memberCount})`;
  return { text: plain(`${truncate(g.name, 75 - count.length)}${count}`, 75), value: g.id };
}

export function buildAddToGroupModal(
  meta: AddToGroupMeta,
  groups: readonly CustomGroup[],
  reciprocity: ReciprocityNote,
  loadError: string | null = null,
): ModalView {
  const blocks: KnownBlock[] = [];
  const warning = reciprocityBlock(reciprocity);
  if (warning) blocks.push(warning);
  if (loadError) blocks.push({ type: 'context', elements: [md(`:warning: ${loadError}`)] });
  if (groups.length > 0) {
    blocks.push({
      type: 'input',
      block_id: ADD_TO_GROUP.groupBlock,
      optional: true,
      label: plain('Custom group'),
      element: {
        type: 'static_select',
        action_id: ADD_TO_GROUP.groupAction,
        placeholder: plain('Choose a group'),
        options: groups.slice(0, 100).map(groupOption),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: ADD_TO_GROUP.newBlock,
    optional: groups.length > 0,
    label: plain(groups.length > 0 ? '…or a new group' : 'New group name'),
    hint: plain('A group with this name is created, or used if it already exists.'),
    element: {
      type: 'plain_text_input',
      action_id: ADD_TO_GROUP.newAction,
      max_length: NAME_MAX,
      placeholder: plain('e.g. March buyers'),
    },
  });
  return shell(meta, blocks, true);
}

export type AddToGroupChoice =
  | {
      ok: true;
      meta: AddToGroupMeta;
      target: { kind: 'existing'; id: string } | { kind: 'new'; name: string };
    }
  | { ok: false; errors: Record<string, string> };

const Values = z.record(z.string(), z.record(z.string(), z.unknown()));

export function parseAddToGroupSubmission(view: {
  private_metadata: string;
  state: { values: unknown };
}): AddToGroupChoice | null {
  let meta: AddToGroupMeta;
  try {
    meta = AddToGroupMetaSchema.parse(JSON.parse(view.private_metadata));
  } catch {
    return null;
  }
  const values = Values.safeParse(view.state.values);
  if (!values.success) return null;
  const picked = values.data[ADD_TO_GROUP.groupBlock]?.[ADD_TO_GROUP.groupAction] as
    | { selected_option?: { value?: unknown } | null }
    | undefined;
  const groupId = picked?.selected_option?.value;
  const typed = values.data[ADD_TO_GROUP.newBlock]?.[ADD_TO_GROUP.newAction] as
    | { value?: unknown }
    | undefined;
  const name = typeof typed?.value === 'string' ? typed.value.trim() : '';
  const hasGroup = typeof groupId === 'string' && groupId !== '';
  if (hasGroup && name !== '') {
    return { ok: false, errors: { [ADD_TO_GROUP.newBlock]: 'Choose a group or type a new name, not both.' } };
  }
  if (hasGroup) return { ok: true, meta, target: { kind: 'existing', id: groupId } };
  if (name !== '') return { ok: true, meta, target: { kind: 'new', name } };
  const block = values.data[ADD_TO_GROUP.groupBlock] ? ADD_TO_GROUP.groupBlock : ADD_TO_GROUP.newBlock;
  return { ok: false, errors: { [block]: 'Choose a group, or type a name for a new one.' } };
}

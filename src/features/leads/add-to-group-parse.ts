// Reads an "Add to group" submission: exactly one of an existing group or a new name, with the metadata
// the modal carried (validated: it names the lead and where to answer). Field errors name the block.
import { z } from 'zod';
import { ADD_TO_GROUP, type AddToGroupMeta, AddToGroupMetaSchema } from './add-to-group-modal.js';

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

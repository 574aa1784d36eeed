// Creating a group and adding or removing members, the way both the modals and the inline commands do it:
// at most 1,000 contacts a request, and counts taken from the group's member_count before and after,
// because MoltFlow's answers to member changes are undocumented (api §10).
import type { MoltflowClient } from '../../api/client.js';
import { removeGroupMembers } from '../../api/custom-group-members.js';
import {
  addGroupMembers,
  type CustomGroup,
  createCustomGroup,
  getCustomGroup,
  MEMBER_BATCH,
  type NewContact,
} from '../../api/custom-groups.js';

export interface AddOutcome {
  /** Contacts MoltFlow accepted (the batches that went through). */
  sent: number;
  /** New members, from member_count; null when the count could not be read afterwards. */
  added: number | null;
  memberCount: number | null;
  /** Why the remaining batches were not sent; `failedBatch` is what that request carried. */
  error: unknown;
  failedBatch: NewContact[];
}

async function countOf(client: MoltflowClient, groupId: string): Promise<number | null> {
  try {
    return (await getCustomGroup(client, groupId)).memberCount;
  } catch {
    return null;
  }
}

async function sendBatches(client: MoltflowClient, groupId: string, contacts: NewContact[]) {
  let sent = 0;
  for (let i = 0; i < contacts.length; i += MEMBER_BATCH) {
    const batch = contacts.slice(i, i + MEMBER_BATCH);
    try {
      await addGroupMembers(client, groupId, batch);
    } catch (error) {
      return { sent, error, failedBatch: batch };
    }
    sent += batch.length;
  }
  return { sent, error: undefined, failedBatch: [] };
}

/** Throws only when the count before could not be read (then nothing was sent). */
export async function addContacts(
  client: MoltflowClient,
  groupId: string,
  contacts: NewContact[],
): Promise<AddOutcome> {
  const before = (await getCustomGroup(client, groupId)).memberCount ?? 0;
  const result = await sendBatches(client, groupId, contacts);
  const after = result.sent > 0 ? await countOf(client, groupId) : before;
  return { ...result, added: after === null ? null : Math.max(0, after - before), memberCount: after };
}

export interface CreateOutcome {
  group: CustomGroup;
  /** Members sent after the first 1,000 went with the create request. */
  sent: number;
  memberCount: number | null;
  error: unknown;
  failedBatch: NewContact[];
}

/** The first 1,000 go with the create request; a failure there throws (nothing was created). */
export async function createGroupWithContacts(
  client: MoltflowClient,
  name: string,
  contacts: NewContact[],
): Promise<CreateOutcome> {
  const group = await createCustomGroup(client, name, contacts.slice(0, MEMBER_BATCH));
  if (contacts.length <= MEMBER_BATCH) {
    const first = Math.min(contacts.length, MEMBER_BATCH);
    return { group, sent: first, memberCount: group.memberCount ?? first, error: undefined, failedBatch: [] };
  }
  const rest = await sendBatches(client, group.id, contacts.slice(MEMBER_BATCH));
  return { group, ...rest, sent: MEMBER_BATCH + rest.sent, memberCount: await countOf(client, group.id) };
}

export interface RemoveOutcome {
  removed: number | null;
  notMembers: number;
  memberCount: number | null;
}

export async function removeContacts(
  client: MoltflowClient,
  groupId: string,
  phones: string[],
): Promise<RemoveOutcome> {
  const group = await getCustomGroup(client, groupId);
  const before = group.memberCount ?? group.members.length;
  const result = await removeGroupMembers(client, group, phones);
  const after = result.requested > 0 ? await countOf(client, groupId) : before;
  return {
    removed: after === null ? null : Math.max(0, before - after),
    notMembers: result.notMembers.length,
    memberCount: after,
  };
}

// Custom groups (moltflow-api.md §3): MoltFlow-side contact lists, the audience of bulk sends and schedules.
// Response shapes beyond `POST /custom-groups` are undocumented, so every decoder here is tolerant.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { decodeList } from './lists.js';

export interface CustomGroup {
  id: string;
  name: string;
  memberCount: number | null;
  createdAt: Date | null;
}
export interface GroupMember {
  id: string | null;
  phone: string;
  name: string | null;
}
export interface CustomGroupDetail extends CustomGroup {
  members: GroupMember[];
}
export interface NewContact {
  phone: string;
  name?: string | null;
}

/** MoltFlow takes at most this many contacts in one members/add request (api §3.2). */
export const MEMBER_BATCH = 1000;

const optionalDate = z
  .string()
  .nullish()
  .transform((v) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v) : null));

const GroupSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    member_count: z.number().int().nullish(),
    created_at: optionalDate,
  })
  .transform(
    (g): CustomGroup => ({
      id: g.id,
      name: g.name,
      memberCount: g.member_count ?? null,
      createdAt: g.created_at,
    }),
  );

const MemberSchema = z
  .object({ id: z.string().nullish(), phone: z.string().min(1), name: z.string().nullish() })
  .transform((m): GroupMember => ({ id: m.id ?? null, phone: m.phone, name: m.name ?? null }));

export async function listCustomGroups(
  client: MoltflowClient,
  page: { limit?: number; offset?: number } = {},
): Promise<{ groups: CustomGroup[]; total: number | null }> {
  const body = await client.request({
    method: 'GET',
    path: '/custom-groups',
    query: { limit: page.limit ?? 100, offset: page.offset ?? 0 },
    schema: z.unknown(),
  });
  const decoded = decodeList(body, GroupSchema, ['groups', 'custom_groups']);
  return { groups: decoded.items, total: decoded.total };
}

/** Every group, paging until a short page (plans allow at most 100 groups, so this is one or two calls). */
export async function listAllCustomGroups(client: MoltflowClient): Promise<CustomGroup[]> {
  const all: CustomGroup[] = [];
  for (let offset = 0; offset < 1000; ) {
    const { groups, total } = await listCustomGroups(client, { limit: 100, offset });
    all.push(...groups);
    offset += groups.length;
    if (groups.length < 100 || (total !== null && offset >= total)) break;
  }
  return all;
}

export async function getCustomGroup(client: MoltflowClient, id: string): Promise<CustomGroupDetail> {
  const body = await client.request({
    method: 'GET',
    path: `/custom-groups/${encodeURIComponent(id)}`,
    schema: z.unknown(),
  });
  const group = GroupSchema.parse(body);
  const members = decodeList((body as { members?: unknown }).members ?? [], MemberSchema, ['members']).items;
  return { ...group, memberCount: group.memberCount ?? members.length, members };
}

export function createCustomGroup(
  client: MoltflowClient,
  name: string,
  members: NewContact[] = [],
): Promise<CustomGroup> {
  const body = members.length > 0 ? { name, members: members.map(toWire) } : { name };
  return client.request({ method: 'POST', path: '/custom-groups', body, schema: GroupSchema });
}

/**
 * Adds contacts in batches of MEMBER_BATCH. MoltFlow skips duplicates silently and its answer is
 * undocumented, so callers that need counts re-read the group's member_count.
 */
export async function addGroupMembers(
  client: MoltflowClient,
  groupId: string,
  contacts: NewContact[],
): Promise<number> {
  let batches = 0;
  for (let i = 0; i < contacts.length; i += MEMBER_BATCH) {
    await client.request({
      method: 'POST',
      path: `/custom-groups/${encodeURIComponent(groupId)}/members/add`,
      body: { contacts: contacts.slice(i, i + MEMBER_BATCH).map(toWire) },
      schema: z.unknown(),
    });
    batches += 1;
  }
  return batches;
}

const toWire = (c: NewContact) => (c.name ? { phone: c.phone, name: c.name } : { phone: c.phone });

export function renameCustomGroup(client: MoltflowClient, id: string, name: string): Promise<void> {
  return client
    .request({ method: 'PATCH', path: groupPath(id), body: { name }, schema: z.unknown() })
    .then(() => undefined);
}

/** Deletes the group and its member rows (api §3.1). A retried DELETE may answer 404: callers read it as done. */
export async function deleteCustomGroup(client: MoltflowClient, id: string): Promise<void> {
  await client.request({ method: 'DELETE', path: groupPath(id), schema: z.unknown() });
}

export type ExportFormat = 'csv' | 'json';

/** The group's members as MoltFlow exports them: CSV text, or a JSON array as text. */
export function exportCustomGroup(client: MoltflowClient, id: string, format: ExportFormat): Promise<string> {
  return client.requestText({ method: 'GET', path: `${groupPath(id)}/export/${format}` });
}

export const groupPath = (id: string): string => `/custom-groups/${encodeURIComponent(id)}`;

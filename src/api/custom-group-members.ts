// Custom-group members by phone (remove) and the tenant's contact pool: the two calls whose request or
// response shape the docs leave open (api §9.7, §9.24), kept apart from the documented ones.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { type CustomGroupDetail, groupPath, MEMBER_BATCH } from './custom-groups.js';
import { MoltflowHttpError } from './errors.js';
import { decodeList } from './lists.js';

export interface RemoveResult {
  /** Members MoltFlow was asked to remove. */
  requested: number;
  /** Phones that were not in the group, so nothing was sent for them. */
  notMembers: string[];
}

/**
 * Removes members by phone. The docs say "by phone" but the reference script sends `{member_ids}` (api §9.7):
 * we resolve ids from the group's members and send those, and fall back to `{phones}` when MoltFlow refuses
 * the ids with a 422 or the members carry no ids.
 */
export async function removeGroupMembers(
  client: MoltflowClient,
  group: CustomGroupDetail,
  phones: readonly string[],
): Promise<RemoveResult> {
  // Compared by digits: MoltFlow may store numbers with or without the `+` (api §9.13).
  const digits = (p: string) => p.replace(/\D/g, '');
  const byDigits = new Map(group.members.map((m) => [digits(m.phone), m]));
  const unique = [...new Set(phones)];
  const present = unique.flatMap((p) => byDigits.get(digits(p)) ?? []);
  const notMembers = unique.filter((p) => !byDigits.has(digits(p)));
  const path = `${groupPath(group.id)}/members/remove`;
  const send = (body: object) => client.request({ method: 'POST', path, body, schema: z.unknown() });
  for (let i = 0; i < present.length; i += MEMBER_BATCH) {
    const batch = present.slice(i, i + MEMBER_BATCH);
    const ids = batch.flatMap((m) => (m.id ? [m.id] : []));
    const byPhone = { phones: batch.map((m) => m.phone) };
    if (ids.length !== batch.length) {
      await send(byPhone);
      continue;
    }
    try {
      await send({ member_ids: ids });
    } catch (err) {
      if (!(err instanceof MoltflowHttpError) || err.status !== 422) throw err;
      await send(byPhone);
    }
  }
  return { requested: present.length, notMembers };
}

export interface PoolContact {
  phone: string;
  name: string | null;
}

// GET /custom-groups/contacts has no documented shape (api §9.24): accept the field names leads and
// WhatsApp use for the same things.
const ContactSchema = z
  .object({
    phone: z.string().nullish(),
    contact_phone: z.string().nullish(),
    phone_number: z.string().nullish(),
    name: z.string().nullish(),
    contact_name: z.string().nullish(),
    push_name: z.string().nullish(),
  })
  .refine((c) => Boolean(c.phone ?? c.contact_phone ?? c.phone_number), { message: 'no phone' })
  .transform(
    (c): PoolContact => ({
      phone: c.phone ?? c.contact_phone ?? c.phone_number ?? '',
      name: c.name ?? c.contact_name ?? c.push_name ?? null,
    }),
  );

/** One page of the unique contacts across the tenant's sessions, the pool groups are built from. */
export async function listPoolContacts(
  client: MoltflowClient,
  page: { limit: number; offset: number },
): Promise<{ contacts: PoolContact[]; total: number | null }> {
  const body = await client.request({
    method: 'GET',
    path: '/custom-groups/contacts',
    query: { limit: page.limit, offset: page.offset },
    schema: z.unknown(),
  });
  const decoded = decodeList(body, ContactSchema, ['contacts', 'unique_contacts']);
  if (decoded.items.length > page.limit) {
    // The server ignored the paging and sent everything: page it here.
    const all = decoded.items;
    return { contacts: all.slice(page.offset, page.offset + page.limit), total: all.length };
  }
  return { contacts: decoded.items, total: decoded.total };
}

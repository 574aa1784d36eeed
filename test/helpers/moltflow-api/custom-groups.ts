// /custom-groups routes (moltflow-api.md §3): MoltFlow-side contact lists, the audience of bulk sends and
// schedules. Shapes the docs leave open are chosen plausibly: the list is `{groups, total}` (the reference
// script's guess), members carry their own ids, adds skip duplicates silently and cap at 1,000 a request.
import { randomUUID } from 'node:crypto';
import { detail, invalid, json, type Route } from './router.js';
import type { MoltflowState } from './state.js';

export interface FakeMember {
  id: string;
  phone: string;
  name: string | null;
  created_at: string;
}
export interface FakeGroup {
  id: string;
  name: string;
  created_at: string;
  members: FakeMember[];
}

export class CustomGroupsState {
  readonly groups: FakeGroup[] = [];
  /** Plan limit on the number of groups (api §3.2: 2 / 5 / 20 / 100). */
  maxGroups = 100;

  add(name: string, members: { phone: string; name?: string | null }[] = []): FakeGroup {
    const group: FakeGroup = { id: randomUUID(), name, created_at: new Date().toISOString(), members: [] };
    this.addMembers(group, members);
    this.groups.push(group);
    return group;
  }
  find(id: string): FakeGroup | undefined {
    return this.groups.find((g) => g.id === id);
  }
  /** Adds phones not already in the group; returns how many were new. */
  addMembers(group: FakeGroup, contacts: { phone: string; name?: string | null }[]): number {
    let added = 0;
    for (const c of contacts) {
      if (group.members.some((m) => m.phone === c.phone)) continue;
      group.members.push({
        id: randomUUID(),
        phone: c.phone,
        name: c.name ?? null,
        created_at: new Date().toISOString(),
      });
      added += 1;
    }
    return added;
  }
}

/** The custom-groups state of a fake tenant: `customGroups(fake.state).add('VIP', [{ phone: '+1555…' }])`. */
export const customGroups = (state: MoltflowState): CustomGroupsState =>
  state.area('custom-groups', () => new CustomGroupsState());

const summary = (g: FakeGroup) => ({
  id: g.id,
  name: g.name,
  member_count: g.members.length,
  created_at: g.created_at,
});

function contactsFrom(body: unknown): { phone: string; name?: string | null }[] | string {
  const list =
    (body as { contacts?: unknown; members?: unknown } | null)?.contacts ??
    (body as { members?: unknown })?.members;
  if (!Array.isArray(list)) return 'Field required';
  const out: { phone: string; name?: string | null }[] = [];
  for (const item of list) {
    const phone = typeof item === 'string' ? item : (item as { phone?: unknown })?.phone;
    if (typeof phone !== 'string' || !/^\+?\d{6,15}$/.test(phone))
      return `Invalid phone number: ${String(phone)}`;
    const name = typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
    out.push({ phone, name: typeof name === 'string' ? name : null });
  }
  return out;
}

const withGroup = (state: MoltflowState, id: string | undefined) =>
  id === undefined ? undefined : customGroups(state).find(id);

export const customGroupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/custom-groups',
    handle: ({ state, query }) => {
      const all = customGroups(state).groups;
      const offset = Number(query.offset ?? 0) || 0;
      const limit = Math.min(100, Number(query.limit ?? 50) || 50);
      return json(200, { groups: all.slice(offset, offset + limit).map(summary), total: all.length });
    },
  },
  {
    method: 'POST',
    path: '/custom-groups',
    handle: ({ state, body }) => {
      const gate = state.planGate('free', 'Custom groups');
      if (gate) return json(403, gate);
      const area = customGroups(state);
      const name = (body as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
        return invalid(
          ['body', 'name'],
          'String should have between 1 and 255 characters',
          'string_too_short',
        );
      }
      if (area.groups.length >= area.maxGroups) {
        return detail(403, `Custom group limit reached for your plan (${area.maxGroups} groups)`);
      }
      const members =
        (body as { members?: unknown }).members === undefined
          ? []
          : contactsFrom({ contacts: (body as { members: unknown }).members });
      if (typeof members === 'string') return invalid(['body', 'members'], members);
      return json(201, summary(area.add(name, members)));
    },
  },
  {
    method: 'GET',
    path: '/custom-groups/contacts',
    handle: ({ state, query }) => {
      const seen = new Map<string, { phone: string; name: string | null }>();
      for (const g of customGroups(state).groups)
        for (const m of g.members) seen.set(m.phone, { phone: m.phone, name: m.name });
      for (const l of state.leads) {
        const phone = String(l.data.contact_phone ?? '');
        if (phone && !seen.has(phone))
          seen.set(phone, { phone, name: (l.data.contact_name as string | null) ?? null });
      }
      const all = [...seen.values()];
      const offset = Number(query.offset ?? 0) || 0;
      const limit = Math.min(100, Number(query.limit ?? 50) || 50);
      return json(200, { contacts: all.slice(offset, offset + limit), total: all.length });
    },
  },
  {
    method: 'GET',
    path: '/custom-groups/:id',
    handle: ({ state, params }) => {
      const g = withGroup(state, params.id);
      return g ? json(200, { ...summary(g), members: g.members }) : detail(404, 'Custom group not found');
    },
  },
  {
    method: 'PATCH',
    path: '/custom-groups/:id',
    handle: ({ state, params, body }) => {
      const g = withGroup(state, params.id);
      if (!g) return detail(404, 'Custom group not found');
      const name = (body as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || name.trim() === '')
        return invalid(['body', 'name'], 'Field required', 'missing');
      g.name = name;
      return json(200, summary(g));
    },
  },
  {
    method: 'DELETE',
    path: '/custom-groups/:id',
    handle: ({ state, params }) => {
      const area = customGroups(state);
      const i = area.groups.findIndex((g) => g.id === params.id);
      if (i < 0) return detail(404, 'Custom group not found');
      area.groups.splice(i, 1);
      return json(200, { status: 'deleted', id: params.id });
    },
  },
  {
    method: 'POST',
    path: '/custom-groups/:id/members/add',
    handle: ({ state, params, body }) => {
      const g = withGroup(state, params.id);
      const contacts = contactsFrom(body);
      if (typeof contacts === 'string') return invalid(['body', 'contacts'], contacts);
      if (contacts.length > 1000)
        return invalid(['body', 'contacts'], 'List should have at most 1000 items', 'too_long');
      if (!g) return detail(404, 'Custom group not found');
      const added = customGroups(state).addMembers(g, contacts);
      return json(200, { added, member_count: g.members.length });
    },
  },
  {
    method: 'POST',
    path: '/custom-groups/:id/members/remove',
    handle: ({ state, params, body }) => {
      const g = withGroup(state, params.id);
      if (!g) return detail(404, 'Custom group not found');
      const b = (body ?? {}) as { member_ids?: unknown; phones?: unknown };
      const ids = Array.isArray(b.member_ids) ? b.member_ids.map(String) : [];
      const phones = Array.isArray(b.phones) ? b.phones.map(String) : [];
      if (ids.length === 0 && phones.length === 0)
        return invalid(['body', 'member_ids'], 'Field required', 'missing');
      const before = g.members.length;
      g.members = g.members.filter((m) => !ids.includes(m.id) && !phones.includes(m.phone));
      return json(200, { removed: before - g.members.length, member_count: g.members.length });
    },
  },
  {
    method: 'GET',
    path: '/custom-groups/:id/export/:format',
    handle: ({ state, params }) => {
      const g = withGroup(state, params.id);
      if (!g) return detail(404, 'Custom group not found');
      if (params.format === 'json')
        return json(
          200,
          g.members.map(({ phone, name }) => ({ phone, name })),
        );
      if (params.format !== 'csv') return detail(404, 'Not Found');
      const csv = [
        'phone,name',
        ...g.members.map((m) => `${m.phone},${(m.name ?? '').replace(/[",\n]/g, ' ')}`),
      ].join('\n');
      return { status: 200, body: csv, headers: { 'content-type': 'text/csv' } };
    },
  },
];

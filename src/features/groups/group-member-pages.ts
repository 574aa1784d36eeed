// Pages of phone numbers: a group's members (`/groups show`) and the tenant's contact pool (`/groups
// contacts`). Names come from WhatsApp and are escaped; 20 a page keeps one section under Slack's limits.
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { PoolContact } from '../../api/custom-group-members.js';
import type { CustomGroupDetail } from '../../api/custom-groups.js';
import { ResourceId } from '../../domain/ids.js';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import { groupName, members } from './group-text.js';
import { buildPager, GROUP_ACTIONS } from './group-views.js';

export const MEMBERS_PER_PAGE = 20;

const line = (c: { phone: string; name: string | null }) => {
  const name = c.name?.trim() ? ` · ${truncate(escapeMrkdwn(c.name.replace(/\s+/g, ' ').trim()), 80)}` : '';
  return `• ${truncate(escapeMrkdwn(c.phone), 40)}${name}`;
};

const pages = (total: number) => Math.max(1, Math.ceil(total / MEMBERS_PER_PAGE));

/** Page `page` (0-based, clamped) of a group's members, with Previous/Next carrying `{g, p}`. */
export function buildMemberPage(
  group: CustomGroupDetail,
  page: number,
): { text: string; blocks: KnownBlock[] } {
  const total = group.members.length;
  const p = Math.min(Math.max(0, page), pages(total) - 1);
  const shown = group.members.slice(p * MEMBERS_PER_PAGE, (p + 1) * MEMBERS_PER_PAGE);
  const name = groupName(group.name);
  const where = pages(total) > 1 ? ` · page ${p + 1} of ${pages(total)}` : '';
  const body =
    shown.length > 0 ? shown.map(line).join('\n') : '_No members yet._ Add some with `/groups add <group>`.';
  const value = (to: number) => JSON.stringify({ g: group.id, p: to });
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(group.name.trim() || '(no name)', 150) },
    { type: 'context', elements: [md(`${members(group.memberCount ?? total)}${where}`)] },
    { type: 'section', text: md(truncate(body, 3000)) },
    ...buildPager(
      GROUP_ACTIONS.membersPage,
      `group_members_pager.${p}`,
      p > 0 ? value(p - 1) : null,
      p + 1 < pages(total) ? value(p + 1) : null,
    ),
  ];
  return { text: `${name}: ${members(total)}${where}`, blocks };
}

/** A page of the contact pool; `total` null when MoltFlow did not say (then a full page offers Next). */
export function buildContactsPage(
  contacts: readonly PoolContact[],
  offset: number,
  total: number | null,
): { text: string; blocks: KnownBlock[] } {
  const of = total === null ? '' : ` of ${total.toLocaleString('en-US')}`;
  const range = contacts.length > 0 ? `${offset + 1}–${offset + contacts.length}${of}` : `none${of}`;
  const hasNext = total === null ? contacts.length >= MEMBERS_PER_PAGE : offset + contacts.length < total;
  const body =
    contacts.length > 0
      ? contacts.map(line).join('\n')
      : '_No contacts here._ MoltFlow collects them from the chats of your WhatsApp sessions.';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Contacts across your sessions') },
    {
      type: 'context',
      elements: [md(`Unique contacts ${range} · add them to a group with \`/groups add <group>\``)],
    },
    { type: 'section', text: md(truncate(body, 3000)) },
    ...buildPager(
      GROUP_ACTIONS.contactsPage,
      `group_contacts_pager.${offset}`,
      offset > 0 ? String(Math.max(0, offset - MEMBERS_PER_PAGE)) : null,
      hasNext ? String(offset + contacts.length) : null,
    ),
  ];
  return { text: `Contacts across your sessions: ${range}`, blocks };
}

const MemberPageValue = z.object({
  g: ResourceId,
  p: z.number().int().min(0),
});

/** A members Previous/Next value; null for anything this app did not build. */
export function parseMemberPageValue(value: unknown): { groupId: string; page: number } | null {
  try {
    const parsed = MemberPageValue.safeParse(JSON.parse(String(value)));
    return parsed.success ? { groupId: parsed.data.g, page: parsed.data.p } : null;
  } catch {
    return null;
  }
}

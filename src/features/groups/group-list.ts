// `/groups`: the tenant's contact groups, 20 to a message, each with its member count and when it was made,
// and what can be done with it. Delete asks first, naming how many members go with the group.
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { z } from 'zod';
import type { CustomGroup } from '../../api/custom-groups.js';
import { isResourceId } from '../../domain/ids.js';
import { dateToken, md, plain, truncate } from '../../slack/blocks.js';
import { buildDeleteButton, GROUP_DELETE_ACTION } from './group-delete-view.js';
import { groupName, members } from './group-text.js';

export const GROUP_ACTIONS = {
  show: 'group_show',
  exportCsv: 'group_export_csv',
  delete: GROUP_DELETE_ACTION,
  /** Overflow menu: add:<id>, remove:<id>, rename:<id>, json:<id>. */
  menu: 'group_menu',
  listPage: 'group_list_page',
  membersPage: 'group_members_page',
  contactsPage: 'group_contacts_page',
  listPagePattern: /^group_list_page_(prev|next)$/,
  membersPagePattern: /^group_members_page_(prev|next)$/,
  contactsPagePattern: /^group_contacts_page_(prev|next)$/,
} as const;

export const GROUPS_PER_PAGE = 20;

/** Previous/next buttons; values are whatever the handler needs to draw that page (≤ 2,000 chars). */
export function buildPager(actionId: string, blockId: string, prev: string | null, next: string | null) {
  const buttons: Button[] = [];
  if (prev !== null)
    buttons.push({ type: 'button', action_id: `${actionId}_prev`, text: plain('◀ Previous'), value: prev });
  if (next !== null)
    buttons.push({ type: 'button', action_id: `${actionId}_next`, text: plain('Next ▶'), value: next });
  return buttons.length > 0
    ? [{ type: 'actions', block_id: blockId, elements: buttons } as ActionsBlock]
    : [];
}

function groupBlocks(g: CustomGroup): KnownBlock[] {
  const created = g.createdAt ? ` · created ${dateToken(g.createdAt, '{date_short_pretty}')}` : '';
  const option = (label: string, verb: string) => ({ text: plain(label, 75), value: `${verb}:${g.id}` });
  const section: SectionBlock = {
    type: 'section',
    block_id: `group.${g.id}`.slice(0, 255),
    text: md(`*${groupName(g.name)}*\n${members(g.memberCount)}${created}`),
    accessory: {
      type: 'overflow',
      action_id: GROUP_ACTIONS.menu,
      options: [
        option('Add contacts', 'add'),
        option('Remove contacts', 'remove'),
        option('Rename', 'rename'),
        option('Export JSON', 'json'),
      ],
    },
  };
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `group_actions.${g.id}`.slice(0, 255),
    elements: [
      { type: 'button', action_id: GROUP_ACTIONS.show, text: plain('Show members'), value: g.id },
      { type: 'button', action_id: GROUP_ACTIONS.exportCsv, text: plain('Export CSV'), value: g.id },
      buildDeleteButton(g),
    ],
  };
  return [section, actions];
}

/** One page of groups; `offset` is where it starts in `groups` (all of them, in MoltFlow's order). */
export function buildGroupList(
  groups: readonly CustomGroup[],
  offset = 0,
): { text: string; blocks: KnownBlock[] } {
  if (groups.length === 0) {
    const text = 'You have no contact groups yet. Create one with `/groups create`.';
    return { text, blocks: [{ type: 'section', text: md(text) }] };
  }
  const start = Math.min(
    Math.max(0, offset),
    Math.floor((groups.length - 1) / GROUPS_PER_PAGE) * GROUPS_PER_PAGE,
  );
  const page = groups.slice(start, start + GROUPS_PER_PAGE);
  const range =
    groups.length > GROUPS_PER_PAGE ? ` (${start + 1}–${start + page.length} of ${groups.length})` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Contact groups${range}`, 150) },
    {
      type: 'context',
      elements: [md('New group: `/groups create` · all commands: `/groups help`')],
    },
    ...page.flatMap(groupBlocks),
    ...buildPager(
      GROUP_ACTIONS.listPage,
      `group_list_pager.${start}`,
      start > 0 ? String(start - GROUPS_PER_PAGE) : null,
      start + GROUPS_PER_PAGE < groups.length ? String(start + GROUPS_PER_PAGE) : null,
    ),
  ];
  const names = page.map((g) => `${groupName(g.name, 60)} (${members(g.memberCount)})`).join(', ');
  return { text: truncate(`Contact groups${range}: ${names}`, 3000), blocks };
}

const MenuValue = z.string().regex(/^(add|remove|rename|json):([A-Za-z0-9_-]{1,128})$/);

/** An overflow choice: what to do and to which group; null for anything this app did not build. */
export function parseGroupMenu(
  value: unknown,
): { verb: 'add' | 'remove' | 'rename' | 'json'; groupId: string } | null {
  const parsed = MenuValue.safeParse(value);
  if (!parsed.success) return null;
  const [verb, groupId] = parsed.data.split(':') as ['add' | 'remove' | 'rename' | 'json', string];
  return { verb, groupId };
}

/** A group id from a button value. */
export function parseGroupId(value: unknown): string | null {
  return isResourceId(value) ? value : null;
}

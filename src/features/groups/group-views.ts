// The /groups messages: the tenant's contact groups, 20 to a message, each with its member count and when it
// was made, and what can be done with it; the delete prompt; help. Ids of every button live here, beside
// the builders that draw them, with the parsers that read their values back.
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { z } from 'zod';
import type { CustomGroup } from '../../api/custom-groups.js';
import { isResourceId } from '../../domain/ids.js';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import { groupName, itsMembers, members } from './group-text.js';

export const GROUP_ACTIONS = {
  show: 'group_show',
  exportCsv: 'group_export_csv',
  delete: 'group_delete',
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

// --- The group list ---

/** `canChange`: the viewer holds the outreach role; others see no buttons they could not use. */
function groupBlocks(g: CustomGroup, canChange: boolean): KnownBlock[] {
  const created = g.createdAt ? ` · created ${dateToken(g.createdAt, '{date_short_pretty}')}` : '';
  const option = (label: string, verb: string) => ({ text: plain(label, 75), value: `${verb}:${g.id}` });
  const section: SectionBlock = {
    type: 'section',
    block_id: `group.${g.id}`.slice(0, 255),
    text: md(`*${groupName(g.name)}*\n${members(g.memberCount)}${created}`),
  };
  if (canChange) {
    section.accessory = {
      type: 'overflow',
      action_id: GROUP_ACTIONS.menu,
      options: [
        option('Add contacts', 'add'),
        option('Remove contacts', 'remove'),
        option('Rename', 'rename'),
        option('Export JSON', 'json'),
      ],
    };
  }
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `group_actions.${g.id}`.slice(0, 255),
    elements: [
      { type: 'button', action_id: GROUP_ACTIONS.show, text: plain('Show members'), value: g.id },
      ...(canChange
        ? [
            {
              type: 'button' as const,
              action_id: GROUP_ACTIONS.exportCsv,
              text: plain('Export CSV'),
              value: g.id,
            },
            buildDeleteButton(g),
          ]
        : []),
    ],
  };
  return [section, actions];
}

/** One page of groups; `offset` is where it starts in `groups` (all of them, in MoltFlow's order). */
export function buildGroupList(
  groups: readonly CustomGroup[],
  offset = 0,
  viewer: { canChange: boolean } = { canChange: true },
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
    ...page.flatMap((g) => groupBlocks(g, viewer.canChange)),
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

// --- Delete ---
// Deleting a group asks twice: Slack's confirm dialog on the button names the group and how many members
// go with it, so no one deletes 2,000 contacts with one stray click.

/** Delete, behind Slack's confirm dialog naming the group and how many members go with it. */
export function buildDeleteButton(g: CustomGroup): Button {
  return {
    type: 'button',
    action_id: GROUP_ACTIONS.delete,
    text: plain('Delete…'),
    style: 'danger',
    value: g.id,
    confirm: {
      title: plain('Delete this group?', 100),
      text: plain(
        `Delete “${truncate(g.name, 150)}” and ${itsMembers(g.memberCount)}? This can't be undone.`,
        300,
      ),
      confirm: plain('Delete', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    },
  };
}

/** `/groups delete <group>`: one line and the same guarded button. */
export function buildDeletePrompt(g: CustomGroup): { text: string; blocks: KnownBlock[] } {
  const text = `Delete *${groupName(g.name)}* and ${itsMembers(g.memberCount)}? This can't be undone.`;
  return {
    text,
    blocks: [
      { type: 'section', text: md(text) },
      {
        type: 'actions',
        block_id: `group_delete_prompt.${g.id}`.slice(0, 255),
        elements: [buildDeleteButton(g)],
      },
    ],
  };
}

// --- Help ---

export const GROUPS_USAGE =
  'list | create | show | add | remove | rename | delete | export | contacts | help';

/** `/groups help`: every group command with one line each, and how to type contacts. */
export function buildGroupsHelp(region: string | undefined): { text: string; blocks: KnownBlock[] } {
  const numbers = region
    ? `Numbers without a country code are read as ${escapeMrkdwn(region)} numbers.`
    : 'Start each number with + and its country code (an admin can set DEFAULT_PHONE_REGION to change that).';
  const lines = [
    '*Contact groups* are the MoltFlow audiences for bulk sends and scheduled messages.',
    '• `/groups` lists your groups, with buttons to show, export, rename or delete each one',
    '• `/groups create [name]` opens a form: a name, and contacts one per line (`+14155552671` or `+14155552671, Ana`)',
    '• `/groups show <group>` pages through its members',
    '• `/groups add <group>` and `/groups remove <group>` open a form, or take numbers right away: `/groups add VIP +14155552671, +442079460958`',
    '• `/groups rename <group>` · `/groups delete <group>` (asks first)',
    '• `/groups export <group> csv|json` sends you the members as a file, in your DM with me',
    '• `/groups contacts` pages through the unique contacts across your WhatsApp sessions',
    `A group is its name (any case) or its id; put a name in quotes if it has numbers in it. ${numbers}`,
  ];
  return {
    text: `Contact groups: /groups ${GROUPS_USAGE}`,
    blocks: [{ type: 'section', text: md(lines.join('\n')) }],
  };
}

// --- Button values back ---

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

/** An offset from a list or contacts Previous/Next value. */
export function parseOffsetValue(value: unknown): number | null {
  const n = Number(value);
  return typeof value === 'string' && Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : null;
}

// The Routes modal (App Home, admins): the current lead routes with boxes to remove them, and one route to add
// or replace: a monitored group (an external select, loaded from MoltFlow while the modal is open, so opening
// it never waits for MoltFlow) and a channel. Group names come from MoltFlow and are escaped or plain text.
import type { KnownBlock, ModalView, MrkdwnOption, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { MonitoredGroup } from '../../api/monitored-groups.js';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import type { LeadRoute } from '../../store/index.js';
import type { ChannelProblem } from './routes-views.js';

export const ROUTES_MODAL = {
  /** The Home's button that opens the modal. */
  openActionId: 'routes_open',
  callbackId: 'routes_manage',
  /** Checkboxes hold 10 options each: `routes_remove_0`, `routes_remove_1`, … */
  removeBlock: (chunk: number) => `routes_remove_${chunk}`,
  removeBlockPattern: /^routes_remove_\d+$/,
  groupBlock: 'route_group',
  groupActionId: 'route_group_pick',
  channelBlock: 'route_channel',
  value: 'value',
  perChunk: 10,
  /** Routes listed with a box; more are named by count (`/moltflow routes` lists them all). */
  maxShown: 50,
  /** Options per answer to the group picker (Slack's limit). */
  maxOptions: 100,
} as const;

const TITLE = 'Lead routes';

function removeOption(route: LeadRoute): MrkdwnOption {
  const name = truncate(escapeMrkdwn(route.sourceGroupName?.trim() || route.sourceGroupId), 40);
  const flag = route.failingSince ? ':warning: ' : '';
  const description = route.failingSince
    ? `Not working since ${route.failingSince.toISOString().slice(0, 10)}: leads go to the leads channel`
    : `Set on ${route.setAt.toISOString().slice(0, 10)}`;
  return {
    text: md(`${flag}*${name}* → <#${route.channel}>`, 75),
    value: route.sourceGroupId,
    description: plain(truncate(description, 75), 75),
  };
}

function removeBlocks(routes: readonly LeadRoute[]): KnownBlock[] {
  const shown = routes.slice(0, ROUTES_MODAL.maxShown);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i * ROUTES_MODAL.perChunk < shown.length; i++) {
    const chunk = shown.slice(i * ROUTES_MODAL.perChunk, (i + 1) * ROUTES_MODAL.perChunk);
    blocks.push({
      type: 'input',
      block_id: ROUTES_MODAL.removeBlock(i),
      optional: true,
      label: plain(i === 0 ? `Current routes (${routes.length}): tick to remove` : 'More routes'),
      element: { type: 'checkboxes', action_id: ROUTES_MODAL.value, options: chunk.map(removeOption) },
    });
  }
  const more = routes.length - shown.length;
  if (more > 0)
    blocks.push({
      type: 'context',
      elements: [md(`…and ${more} more: \`/moltflow routes\` lists them all.`)],
    });
  return blocks;
}

/** Opened at once from what the store holds; `leadsChannel` undefined means routes cannot be set yet. */
export function buildRoutesModal(routes: readonly LeadRoute[], leadsChannel: string | undefined): ModalView {
  if (leadsChannel === undefined) {
    return {
      type: 'modal',
      title: plain(TITLE),
      close: plain('Close'),
      blocks: [
        { type: 'section', text: md('There is no leads channel yet: choose one in *Settings* first.') },
      ],
    };
  }
  const intro =
    routes.length === 0
      ? `No routes: every new lead goes to <#${leadsChannel}>. Send one group's leads elsewhere below.`
      : `Leads of a routed group go to its channel; all others go to <#${leadsChannel}>.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: md(intro) },
    ...removeBlocks(routes),
    { type: 'divider' },
    { type: 'section', text: md('*Add or change a route*') },
    {
      type: 'input',
      block_id: ROUTES_MODAL.groupBlock,
      optional: true,
      label: plain('Source group'),
      hint: plain('A monitored WhatsApp group; type to search.'),
      element: {
        type: 'external_select',
        action_id: ROUTES_MODAL.groupActionId,
        min_query_length: 0,
        placeholder: plain('Pick a group'),
      },
    },
    {
      type: 'input',
      block_id: ROUTES_MODAL.channelBlock,
      optional: true,
      label: plain('Goes to channel'),
      hint: plain(
        'Invite the app to a private channel first. Picking the leads channel removes the group’s route.',
      ),
      element: {
        type: 'conversations_select',
        action_id: ROUTES_MODAL.value,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: ROUTES_MODAL.callbackId,
    title: plain(TITLE),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}

/** One option of the group picker: the group's MoltFlow id, its name as plain text. */
export function buildGroupOption(group: MonitoredGroup): PlainTextOption {
  return { text: plain(truncate(group.name, 75), 75), value: group.id.slice(0, 150) };
}

/** After a save: what changed, one line each (already mrkdwn-safe). */
export function buildRoutesSavedModal(lines: readonly string[]): ModalView {
  const text = lines.length > 0 ? lines.join('\n') : 'Nothing changed.';
  return {
    type: 'modal',
    title: plain(TITLE),
    close: plain('Done'),
    blocks: [{ type: 'section', text: md(truncate(text, 3000)) }],
  };
}

/** A channel the app cannot post in, as a field error (plain words: errors are not mrkdwn). */
export function channelProblemError(problem: ChannelProblem): string {
  switch (problem) {
    case 'not_found':
    case 'not_member':
      return 'I’m not in that channel: invite me there (/invite @moltflow), then save again.';
    case 'archived':
      return 'That channel is archived. Pick another one.';
    case 'not_a_channel':
      return 'Pick a channel, not a direct message.';
    case 'unchecked':
      return 'Slack would not tell me whether I can post there. Try again in a minute.';
  }
}

const Option = z.object({ value: z.string(), text: z.object({ text: z.string() }).nullish() });
const Field = z.object({
  selected_option: Option.nullish(),
  selected_options: z.array(Option).nullish(),
  selected_conversation: z.string().nullish(),
});
const Values = z.record(z.string(), z.record(z.string(), Field));

export interface RoutesSubmission {
  remove: string[];
  add: { group: { id: string; name: string }; channel: string } | null;
}

/** The boxes ticked and the route to add; a group without a channel (or the reverse) is a field error. */
export function parseRoutesSubmission(
  values: unknown,
): { ok: true; value: RoutesSubmission } | { ok: false; errors: Record<string, string> } {
  const parsed = Values.safeParse(values);
  const all = parsed.success ? parsed.data : {};
  const remove = Object.entries(all)
    .filter(([block]) => ROUTES_MODAL.removeBlockPattern.test(block))
    .flatMap(([, fields]) => fields[ROUTES_MODAL.value]?.selected_options ?? [])
    .map((o) => o.value);
  const picked = all[ROUTES_MODAL.groupBlock]?.[ROUTES_MODAL.groupActionId]?.selected_option ?? null;
  const channel = all[ROUTES_MODAL.channelBlock]?.[ROUTES_MODAL.value]?.selected_conversation ?? null;
  const errors: Record<string, string> = {};
  if (channel !== null && !/^[CG][A-Z0-9]{2,}$/.test(channel))
    errors[ROUTES_MODAL.channelBlock] = 'Pick a public or private channel.';
  else if (picked && channel === null)
    errors[ROUTES_MODAL.channelBlock] = 'Pick the channel this group’s leads go to.';
  if (!picked && channel !== null)
    errors[ROUTES_MODAL.groupBlock] = 'Pick the group whose leads go to this channel.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const add =
    picked && channel
      ? { group: { id: picked.value, name: picked.text?.text.trim() || picked.value }, channel }
      : null;
  return { ok: true, value: { remove: [...new Set(remove)], add } };
}

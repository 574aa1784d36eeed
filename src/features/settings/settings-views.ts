// The workspace settings modal: leads channel, who holds which role (people and user groups), the backfill
// window and the poll interval, with the floor the connected plan allows. Built, parsed and checked here.
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { minPollIntervalSeconds, POLL_INTERVAL_MAX_SECONDS } from '../../domain/plans.js';
import { escapeMrkdwn, md, plain } from '../../slack/blocks.js';
import {
  type AccessLists,
  BACKFILL_HOURS_MAX,
  type WorkspacePreferences,
} from '../../store/workspace-settings.js';

export const SETTINGS_MODAL = {
  callbackId: 'settings_workspace',
  channelBlock: 'leads_channel',
  backfillBlock: 'backfill_hours',
  pollBlock: 'poll_interval',
  /** Per role: `access_users_<role>` and `access_groups_<role>`. */
  usersBlock: (role: Role) => `access_users_${role}`,
  groupsBlock: (role: Role) => `access_groups_${role}`,
  value: 'value',
} as const;

const ROLES = ['admin', 'outreach', 'sales'] as const;
type Role = (typeof ROLES)[number];
const ROLE_LABELS: Record<Role, string> = { admin: 'Admins', outreach: 'Outreach', sales: 'Sales' };
const ROLE_HINTS: Record<Role, string> = {
  admin: 'Change settings, routes, the webhook; read the audit trail.',
  outreach: 'Broadcasts, schedules and contact groups (admins too).',
  sales: 'See and move leads. Leave both empty to let every full member of the workspace.',
};

/** The plan's request limit, which sets the poll floor, and in words for the hint. */
export interface PollBudget {
  requestsPerMinute: number;
  planName: string | null;
}

const isUser = (id: string) => /^[UW][A-Z0-9]{2,}$/.test(id);
const isGroup = (id: string) => /^S[A-Z0-9]{2,}$/.test(id);

function numberInput(
  blockId: string,
  label: string,
  hint: string,
  value: number,
  min: number,
  max: number,
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    hint: plain(hint),
    element: {
      type: 'number_input',
      action_id: SETTINGS_MODAL.value,
      is_decimal_allowed: false,
      initial_value: String(value),
      min_value: String(min),
      max_value: String(max),
    },
  };
}

function roleBlocks(role: Role, lists: AccessLists): InputBlock[] {
  const users = lists[role].filter(isUser);
  const groups = lists[role].filter(isGroup);
  return [
    {
      type: 'input',
      block_id: SETTINGS_MODAL.usersBlock(role),
      optional: true,
      label: plain(`${ROLE_LABELS[role]}: people`),
      hint: plain(ROLE_HINTS[role]),
      element: {
        type: 'multi_users_select',
        action_id: SETTINGS_MODAL.value,
        ...(users.length > 0 ? { initial_users: users } : {}),
      },
    },
    {
      type: 'input',
      block_id: SETTINGS_MODAL.groupsBlock(role),
      optional: true,
      label: plain(`${ROLE_LABELS[role]}: user groups`),
      hint: plain('User-group ids (S…), separated by commas or spaces.'),
      element: {
        type: 'plain_text_input',
        action_id: SETTINGS_MODAL.value,
        placeholder: plain('S0123ABCD, S0456EFGH'),
        ...(groups.length > 0 ? { initial_value: groups.join(', ') } : {}),
      },
    },
  ];
}

export function buildSettingsModal(prefs: WorkspacePreferences, budget: PollBudget): ModalView {
  const floor = minPollIntervalSeconds(budget.requestsPerMinute);
  const plan = budget.planName ? `the ${budget.planName} plan’s` : 'the';
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: SETTINGS_MODAL.channelBlock,
      label: plain('Leads channel'),
      hint: plain(
        'New lead cards are posted here (routes may send some groups elsewhere). Invite the app to a private channel first.',
      ),
      element: {
        type: 'conversations_select',
        action_id: SETTINGS_MODAL.value,
        default_to_current_conversation: false,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(prefs.leadsChannel ? { initial_conversation: prefs.leadsChannel } : {}),
      },
    },
    { type: 'divider' },
    { type: 'section', text: md('*Who may do what.* Workspace admins are always admins here.') },
    ...ROLES.flatMap((role) => roleBlocks(role, prefs.access)),
    { type: 'divider' },
    numberInput(
      SETTINGS_MODAL.backfillBlock,
      'Backfill window (hours)',
      `On the first poll, leads detected this many hours back are posted too (0 to ${BACKFILL_HOURS_MAX}).`,
      prefs.backfillHours,
      0,
      BACKFILL_HOURS_MAX,
    ),
    numberInput(
      SETTINGS_MODAL.pollBlock,
      'Poll interval (seconds)',
      `At least ${floor} s with ${plan} ${budget.requestsPerMinute} requests a minute: polling may use a third of them, the rest is kept for people.`,
      prefs.pollIntervalSeconds,
      1,
      POLL_INTERVAL_MAX_SECONDS,
    ),
  ];
  return {
    type: 'modal',
    callback_id: SETTINGS_MODAL.callbackId,
    title: plain('MoltFlow settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks,
  };
}

export function buildSettingsSavedModal(changed: readonly string[]): ModalView {
  const text =
    changed.length > 0
      ? `:white_check_mark: Saved: ${escapeMrkdwn(changed.join(', '))}.`
      : 'Nothing changed.';
  return {
    type: 'modal',
    title: plain('MoltFlow settings'),
    close: plain('Done'),
    blocks: [{ type: 'section', text: md(text) }],
  };
}

const Field = z.object({
  value: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
});
const Values = z.record(z.string(), z.record(z.string(), Field));

/** Parsed and checked against the plan's floor; errors keyed by block id for `response_action: errors`. */
export function parseSettingsSubmission(
  values: unknown,
  budget: PollBudget,
): { ok: true; prefs: Required<WorkspacePreferences> } | { ok: false; errors: Record<string, string> } {
  const parsed = Values.safeParse(values);
  const all = parsed.success ? parsed.data : {};
  const field = (block: string) => all[block]?.[SETTINGS_MODAL.value];
  const errors: Record<string, string> = {};

  const channel = field(SETTINGS_MODAL.channelBlock)?.selected_conversation ?? '';
  if (!/^[CG][A-Z0-9]{2,}$/.test(channel))
    errors[SETTINGS_MODAL.channelBlock] = 'Pick a public or private channel.';

  const access: AccessLists = { admin: [], outreach: [], sales: [] };
  for (const role of ROLES) {
    const users = (field(SETTINGS_MODAL.usersBlock(role))?.selected_users ?? []).filter(isUser);
    const typed = (field(SETTINGS_MODAL.groupsBlock(role))?.value ?? '').split(/[\s,]+/).filter(Boolean);
    const bad = typed.filter((id) => !isGroup(id));
    if (bad.length > 0) {
      errors[SETTINGS_MODAL.groupsBlock(role)] =
        `Not user-group ids (they start with S): ${bad.slice(0, 5).join(', ')}`.slice(0, 150);
    }
    access[role] = [...new Set([...users, ...typed.filter(isGroup)])];
  }

  const whole = (block: string, min: number, max: number, words: string): number | undefined => {
    const n = Number(field(block)?.value ?? '');
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    errors[block] = words;
    return undefined;
  };
  const backfillHours = whole(
    SETTINGS_MODAL.backfillBlock,
    0,
    BACKFILL_HOURS_MAX,
    `A whole number of hours from 0 to ${BACKFILL_HOURS_MAX}.`,
  );
  const floor = minPollIntervalSeconds(budget.requestsPerMinute);
  const plan = budget.planName ? `The ${budget.planName} plan allows` : 'MoltFlow allows';
  const pollIntervalSeconds = whole(
    SETTINGS_MODAL.pollBlock,
    floor,
    POLL_INTERVAL_MAX_SECONDS,
    `${plan} ${budget.requestsPerMinute} requests a minute, so poll every ${floor} s or slower (up to ${POLL_INTERVAL_MAX_SECONDS} s).`,
  );
  if (Object.keys(errors).length > 0 || backfillHours === undefined || pollIntervalSeconds === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, prefs: { leadsChannel: channel, access, backfillHours, pollIntervalSeconds } };
}

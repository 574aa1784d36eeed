// The messages of `/schedule list` and `/schedule history`: pure Block Kit, with their button ids and the
// parsers of what those buttons carry back.
import type { Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { ScheduledMessage, ScheduleExecution, ScheduleMove } from '../../api/schedules.js';
import { dateToken, escapeMrkdwn, md, plain, quote, truncate, uniqueBlockId } from '../../slack/blocks.js';

export const SCHEDULE_PAGE_SIZE = 10;
/** The buttons' action ids: a move on one schedule, and Previous / Next under the list and the history. */
export const SCHEDULE_MOVE_ACTION = /^schedule_move_(pause|resume|cancel|delete)$/;
export const SCHEDULE_LIST_PAGE_ACTION = /^schedule_list_page_(prev|next)$/;
export const SCHEDULE_HISTORY_PAGE_ACTION = /^schedule_history_page_(prev|next)$/;

// `/schedule list`: each schedule with its status, how often it runs and its next run (a <!date> token, so
// everyone reads their own time), and buttons for the allowed moves only; paged ten at a time.

const STATUS: Record<string, string> = {
  active: ':large_green_circle: Active',
  paused: ':double_vertical_bar: Paused',
  cancelled: ':no_entry_sign: Cancelled',
  completed: ':white_check_mark: Completed',
};
const TYPES: Record<string, string> = {
  one_time: 'One time',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  cron: 'Custom',
};

const scheduleStatusLabel = (status: string): string => STATUS[status] ?? escapeMrkdwn(status);

function describe(s: ScheduledMessage): string {
  const type = s.scheduleType ? (TYPES[s.scheduleType] ?? escapeMrkdwn(s.scheduleType)) : 'Schedule';
  const cron =
    s.cronExpression && s.scheduleType !== 'one_time' ? ` \`${escapeMrkdwn(s.cronExpression)}\`` : '';
  const zone = s.timezone ? ` · ${escapeMrkdwn(s.timezone)}` : '';
  const over = s.status === 'cancelled' || s.status === 'completed';
  const next =
    s.nextRunAt && !over
      ? `Next run: ${dateToken(s.nextRunAt)}`
      : over
        ? 'No further runs'
        : 'Next run: not known';
  return `*${truncate(escapeMrkdwn(s.name), 200)}* · ${scheduleStatusLabel(s.status)}\n${type}${cron}${zone}\n${next}`;
}

export interface ScheduleListPage {
  schedules: ScheduledMessage[];
  total: number | null;
  offset: number;
  /** Changes with every drawing (button values carry it, for the double-click guard). */
  revision: string;
  /** The viewer holds the outreach role; others get no move buttons they could not use. */
  canChange?: boolean;
}

export function buildScheduleList(p: ScheduleListPage): { text: string; blocks: KnownBlock[] } {
  if (p.schedules.length === 0 && p.offset === 0) {
    const text = 'You have no scheduled messages yet. Create one with `/schedule`.';
    return { text, blocks: [{ type: 'section', text: md(text) }] };
  }
  const from = p.offset + 1;
  const to = p.offset + p.schedules.length;
  const of = p.total !== null ? ` of ${p.total}` : '';
  const range =
    p.schedules.length > 0 ? `Showing ${from}–${to}${of}` : `Nothing past number ${p.offset}${of}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Scheduled messages') },
    { type: 'context', elements: [md(range)] },
  ];
  for (const s of p.schedules.slice(0, SCHEDULE_PAGE_SIZE)) {
    blocks.push({ type: 'section', text: md(describe(s)) });
    const moves = p.canChange === false ? [] : allowedScheduleMoves(s.status);
    if (moves.length > 0) {
      blocks.push({
        type: 'actions',
        block_id: uniqueBlockId(`schedule.${s.id}`, p.revision),
        elements: moves.map((m) =>
          buildMoveButton(m, { id: s.id, name: s.name, offset: p.offset, revision: p.revision }),
        ),
      });
    }
  }
  const nav = buildPager(p.offset, p.schedules.length, p.total, 'schedule_list_page', (o) => String(o));
  if (nav) blocks.push(nav);
  return { text: `Scheduled messages: ${range.toLowerCase()}.`, blocks };
}

/** Previous/Next buttons, or null when everything fits on one page. Shared by the list and the history. */
function buildPager(
  offset: number,
  shown: number,
  total: number | null,
  actionPrefix: string,
  pageValue: (offset: number) => string,
): KnownBlock | null {
  const elements: Button[] = [];
  if (offset > 0) {
    const prev = Math.max(0, offset - SCHEDULE_PAGE_SIZE);
    elements.push({
      type: 'button',
      action_id: `${actionPrefix}_prev`,
      text: plain('Previous'),
      value: pageValue(prev),
    });
  }
  const more = total !== null ? offset + shown < total : shown >= SCHEDULE_PAGE_SIZE;
  if (more) {
    const next = offset + SCHEDULE_PAGE_SIZE;
    elements.push({
      type: 'button',
      action_id: `${actionPrefix}_next`,
      text: plain('Next'),
      value: pageValue(next),
    });
  }
  return elements.length > 0 ? { type: 'actions', block_id: `${actionPrefix}.${offset}`, elements } : null;
}

// Which buttons a schedule gets: only the moves MoltFlow allows from its status (api §5.4, §5.1), so no one
// is offered "pause" on a cancelled schedule. Cancel and Delete cannot be undone, so they ask first.

export function allowedScheduleMoves(status: string): ScheduleMove[] {
  switch (status) {
    case 'active':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'cancelled':
    case 'completed':
      return ['delete'];
    default:
      return [];
  }
}

const LABELS: Record<ScheduleMove, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel schedule',
  delete: 'Delete',
};

/** Past tense, for "… was paused". */
export const MOVE_DONE: Record<ScheduleMove, string> = {
  pause: 'paused',
  resume: 'resumed',
  cancel: 'cancelled',
  delete: 'deleted',
};

/** Where the click came from: which schedule, which list page, which drawing of the list. */
export interface ScheduleMoveTarget {
  id: string;
  name: string;
  offset: number;
  /** Changes with every redraw, so a double click on one drawing is recognised as one click. */
  revision: string;
}

export function buildMoveButton(move: ScheduleMove, t: ScheduleMoveTarget): Button {
  const button: Button = {
    type: 'button',
    action_id: `schedule_move_${move}`,
    text: plain(LABELS[move], 75),
    value: JSON.stringify({ i: t.id, n: t.name.slice(0, 100), o: t.offset, r: t.revision }),
  };
  if (move === 'cancel') {
    button.confirm = {
      title: plain('Cancel this schedule?', 100),
      text: plain(`"${t.name}" will not send again. You can delete it afterwards.`, 300),
      confirm: plain('Cancel schedule', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    };
  }
  if (move === 'delete') {
    button.style = 'danger';
    button.confirm = {
      title: plain('Delete this schedule?', 100),
      text: plain(`"${t.name}" and its history will be removed from MoltFlow for good.`, 300),
      confirm: plain('Delete', 30),
      deny: plain('Keep it', 30),
      style: 'danger',
    };
  }
  return button;
}

const MoveValue = z.object({
  i: z.string().min(1),
  n: z.string(),
  o: z.number().int().min(0),
  r: z.string(),
});

export function parseScheduleMoveAction(action: {
  action_id: string;
  value?: string;
}): (ScheduleMoveTarget & { move: ScheduleMove }) | null {
  const move = SCHEDULE_MOVE_ACTION.exec(action.action_id)?.[1] as ScheduleMove | undefined;
  if (!move) return null;
  try {
    const v = MoveValue.parse(JSON.parse(action.value ?? ''));
    return { move, id: v.i, name: v.n, offset: v.o, revision: v.r };
  } catch {
    return null;
  }
}

// `/schedule history <name or id>`: the executions of one schedule, newest as MoltFlow orders them, ten a
// page. MoltFlow documents no entry shape, so each line shows whatever of time, status, counts and error it gave.

export interface ScheduleHistoryPage {
  schedule: { id: string; name: string };
  entries: ScheduleExecution[];
  total: number | null;
  offset: number;
}

function line(e: ScheduleExecution): string {
  const when = e.at ? dateToken(e.at) : 'Unknown time';
  const parts = [
    e.status ? escapeMrkdwn(e.status) : null,
    e.sentCount !== null ? `${e.sentCount} sent` : null,
    e.failedCount !== null ? `${e.failedCount} failed` : null,
  ].filter(Boolean);
  const error = e.error ? `\n${quote(truncate(escapeMrkdwn(e.error), 500))}` : '';
  return `*${when}*${parts.length > 0 ? ` · ${parts.join(' · ')}` : ''}${error}`;
}

export function buildScheduleHistory(p: ScheduleHistoryPage): { text: string; blocks: KnownBlock[] } {
  const name = truncate(escapeMrkdwn(p.schedule.name), 200);
  if (p.entries.length === 0 && p.offset === 0) {
    const text = `*${name}* has not run yet, so there is no history to show.`;
    return { text, blocks: [{ type: 'section', text: md(text) }] };
  }
  const of = p.total !== null ? ` of ${p.total}` : '';
  const range =
    p.entries.length > 0
      ? `Runs ${p.offset + 1}–${p.offset + p.entries.length}${of}`
      : `Nothing past run ${p.offset}${of}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`History: ${p.schedule.name}`, 150) },
    { type: 'context', elements: [md(range)] },
    ...p.entries.slice(0, 10).map((e): KnownBlock => ({ type: 'section', text: md(line(e)) })),
  ];
  const value = (offset: number) =>
    JSON.stringify({ i: p.schedule.id, n: p.schedule.name.slice(0, 100), o: offset });
  const nav = buildPager(p.offset, p.entries.length, p.total, 'schedule_history_page', value);
  if (nav) blocks.push(nav);
  return { text: `History of ${name}: ${range.toLowerCase()}.`, blocks };
}

const PageValue = z.object({ i: z.string().min(1), n: z.string(), o: z.number().int().min(0) });

export function parseHistoryPageValue(
  value: string | undefined,
): { id: string; name: string; offset: number } | null {
  try {
    const v = PageValue.parse(JSON.parse(value ?? ''));
    return { id: v.i, name: v.n, offset: v.o };
  } catch {
    return null;
  }
}

// `/schedule list`: each schedule with its status, how often it runs and its next run (a <!date> token, so
// everyone reads their own time), and buttons for the allowed moves only; paged ten at a time.
import type { Button, KnownBlock } from '@slack/types';
import type { ScheduledMessage } from '../../api/schedules.js';
import { dateToken, escapeMrkdwn, md, plain, truncate, uniqueBlockId } from '../../slack/blocks.js';
import { allowedScheduleMoves, buildMoveButton } from './schedule-moves.js';

export const SCHEDULE_PAGE_SIZE = 10;
export const SCHEDULE_LIST_PAGE_ACTION = /^schedule_list_page_(prev|next)$/;

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

export const scheduleStatusLabel = (status: string): string => STATUS[status] ?? escapeMrkdwn(status);

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
    const moves = allowedScheduleMoves(s.status);
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

/** Previous/Next buttons, or null when everything fits on one page. Shared with the history view. */
export function buildPager(
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

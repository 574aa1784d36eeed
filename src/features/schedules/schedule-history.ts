// `/schedule history <name or id>`: the executions of one schedule, newest as MoltFlow orders them, ten a
// page. MoltFlow documents no entry shape, so each line shows whatever of time, status, counts and error it gave.
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { ScheduleExecution } from '../../api/schedules.js';
import { dateToken, escapeMrkdwn, md, plain, quote, truncate } from '../../slack/blocks.js';
import { buildPager } from './schedule-list.js';

export const SCHEDULE_HISTORY_PAGE_ACTION = /^schedule_history_page_(prev|next)$/;

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

import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import type { AuditEntry, AuditOutcome } from '../../store/index.js';

// `/moltflow audit`: the trail, newest first, a page at a time, with Previous / Next redrawing the same
// private message. Targets and details were written from what people typed and MoltFlow said (group and
// schedule names, refusal reasons), so they are escaped and cut; actors are Slack ids and become mentions
// only when they look like one. 20 entries are 20 sections plus 3 blocks, well under a message's 50.

export const TRAIL_VIEW = {
  /** Previous and Next: two buttons in one block need two action ids. */
  pageActionPattern: /^moltflow_audit_page_(prev|next)$/,
  pageSize: 20,
} as const;

export interface AuditPage {
  entries: readonly AuditEntry[];
  total: number;
  offset: number;
  /** AUDIT_RETENTION_DAYS, so the reader knows how far back the trail goes. */
  retentionDays: number;
}

const OUTCOME: Record<AuditOutcome, string> = {
  ok: ':white_check_mark:',
  denied: ':no_entry:',
  failed: ':warning:',
};
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const TARGET_MAX = 300;
const DETAIL_MAX = 300;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function who(actor: string): string {
  return USER_ID.test(actor) ? `<@${actor}>` : truncate(escapeMrkdwn(oneLine(actor) || 'someone'), 40);
}

/** One entry as one mrkdwn line: when · who · what · target · outcome · detail. */
export function buildAuditLine(entry: AuditEntry): string {
  const action = truncate(escapeMrkdwn(oneLine(entry.action).replace(/`/g, "'")), 60);
  const target = truncate(escapeMrkdwn(oneLine(entry.target)), TARGET_MAX);
  const detail = entry.detail ? truncate(escapeMrkdwn(oneLine(entry.detail)), DETAIL_MAX) : '';
  const parts = [
    dateToken(entry.at),
    who(entry.actor),
    `\`${action || '?'}\``,
    target || '—',
    OUTCOME[entry.outcome] ?? ':grey_question:',
  ];
  return parts.join(' · ') + (detail ? ` _${detail}_` : '');
}

const plural = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;

/** The page that holds `offset`, clamped to the trail: a stale Next after a prune shows the last page. */
export function clampAuditOffset(offset: number, total: number): number {
  const size = TRAIL_VIEW.pageSize;
  const last = total > 0 ? Math.floor((total - 1) / size) * size : 0;
  return Math.min(Math.max(0, Math.floor(offset / size) * size), last);
}

export function buildAuditPage(page: AuditPage): { text: string; blocks: KnownBlock[] } {
  const { entries, total, offset } = page;
  const header: KnownBlock = { type: 'header', text: plain(`Audit trail · ${plural(total)}`, 150) };
  const kept = `Kept for ${page.retentionDays} days (\`AUDIT_RETENTION_DAYS\`).`;
  if (total === 0 || entries.length === 0) {
    const text = `No entries yet. Privileged actions (broadcasts, schedules, groups, routes, lead moves) and refusals will show up here. ${kept}`;
    return {
      text: 'Audit trail: no entries yet.',
      blocks: [header, { type: 'section', text: md(text) }],
    };
  }
  const first = offset + 1;
  const last = offset + entries.length;
  const range = `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  const blocks: KnownBlock[] = [
    header,
    { type: 'context', elements: [md(`Newest first · ${range}. ${kept}`)] },
    ...entries
      .slice(0, TRAIL_VIEW.pageSize)
      .map((entry): KnownBlock => ({ type: 'section', text: md(buildAuditLine(entry)) })),
  ];
  const buttons: Button[] = [];
  if (offset > 0) buttons.push(pageButton('Previous', Math.max(0, offset - TRAIL_VIEW.pageSize)));
  if (last < total) buttons.push(pageButton('Next', offset + TRAIL_VIEW.pageSize));
  if (buttons.length > 0) {
    const actions: ActionsBlock = { type: 'actions', block_id: `audit_pages.${offset}`, elements: buttons };
    blocks.push(actions);
  }
  return { text: `Audit trail: ${range} ${total === 1 ? 'entry' : 'entries'}, newest first.`, blocks };
}

function pageButton(label: 'Previous' | 'Next', offset: number): Button {
  return {
    type: 'button',
    action_id: `moltflow_audit_page_${label === 'Previous' ? 'prev' : 'next'}`,
    text: plain(label, 75),
    value: String(offset),
  };
}

/** A page button's offset; null for anything that is not a whole, non-negative number. */
export function parseAuditPageValue(value: string | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

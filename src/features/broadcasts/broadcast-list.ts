// `/bulksend list` and `/bulksend status <id>`: broadcasts with their counts and state, merged from
// MoltFlow's list and the ones this app follows (which know the group's name and where the progress is).
import type { KnownBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, truncate } from '../../slack/blocks.js';
import { buildProgressBar, statusLabel } from './progress-message.js';

export interface BulkJobRow {
  id: string;
  status: string;
  sent: number;
  failed: number;
  total: number;
  groupName: string | null;
  sessionName: string | null;
  startedBy: string | null;
  /** Where its progress message is, when this app follows it. */
  channel: string | null;
  createdAt: Date | null;
}

const MAX_ROWS = 15;

function describeRow(row: BulkJobRow): { line: string; context: string } {
  const group = row.groupName ? `*${escapeMrkdwn(truncate(row.groupName, 80))}*` : '*a contact group*';
  const line = `${group} · ${row.sent}/${row.total} sent · ${row.failed} failed · ${statusLabel(row.status)}`;
  const bits = [`\`${escapeMrkdwn(row.id)}\``];
  if (row.createdAt) bits.push(`started ${dateToken(row.createdAt)}`);
  if (row.startedBy) bits.push(`by <@${row.startedBy}>`);
  if (row.sessionName) bits.push(`from ${escapeMrkdwn(truncate(row.sessionName, 60))}`);
  if (row.channel) bits.push(`progress in <#${row.channel}>`);
  return { line, context: bits.join(' · ') };
}

export function buildBulkJobList(
  rows: readonly BulkJobRow[],
  note: string | null,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'section', text: md('*Recent broadcasts*') }];
  if (note) blocks.push({ type: 'context', elements: [md(note)] });
  if (rows.length === 0) {
    blocks.push({ type: 'section', text: md('No broadcasts yet. Start one with `/bulksend`.') });
    return { text: 'No broadcasts yet. Start one with /bulksend.', blocks };
  }
  for (const row of rows.slice(0, MAX_ROWS)) {
    const { line, context } = describeRow(row);
    blocks.push({ type: 'section', text: md(line) }, { type: 'context', elements: [md(context)] });
  }
  blocks.push({
    type: 'context',
    elements: [md('Details of one: `/bulksend status <id>` (the first 8 characters of the id are enough).')],
  });
  const shown = Math.min(rows.length, MAX_ROWS);
  return { text: `${shown} recent broadcast${shown === 1 ? '' : 's'}`, blocks };
}

export function buildBulkJobStatus(row: BulkJobRow): { text: string; blocks: KnownBlock[] } {
  const { line, context } = describeRow(row);
  const bar = buildProgressBar(row.sent + row.failed, row.total);
  const blocks: KnownBlock[] = [
    { type: 'section', text: md(line) },
    { type: 'section', text: md(`\`${bar}\``) },
    { type: 'context', elements: [md(context)] },
  ];
  const group = row.groupName ? escapeMrkdwn(row.groupName) : 'a contact group';
  return {
    text: `Broadcast to ${group}: ${row.sent}/${row.total} sent, ${row.failed} failed (${escapeMrkdwn(row.status)})`,
    blocks,
  };
}

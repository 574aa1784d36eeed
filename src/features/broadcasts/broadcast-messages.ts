// The messages a broadcast draws, as pure Block Kit builders: the live progress message (group and session, a
// text progress bar, sent/total, failed, status, and only the controls MoltFlow allows now: Pause while
// running, Resume while paused, Cancel with a confirmation while either), the thread replies for each state
// change and the final summary, and the `/bulksend list` / `status <id>` replies.
import type { ActionsBlock, Button, KnownBlock, MessageMetadata } from '@slack/types';
import type { BulkControl } from '../../api/bulk-send.js';
import { dateToken, escapeMrkdwn, md, plain, truncate, uniqueBlockId } from '../../slack/blocks.js';
import type { BroadcastState, StatusChange } from './broadcast-state.js';

export const BROADCAST_PROGRESS = {
  actionPattern: /^bulk_(pause|resume|cancel)$/,
  pauseAction: 'bulk_pause',
  resumeAction: 'bulk_resume',
  cancelAction: 'bulk_cancel',
  eventType: 'moltflow_bulk_send',
} as const;

// How long a broadcast takes, in words. MoltFlow spaces recipients 30 s to 2 min apart at random
// (moltflow-api.md §4.6), so a broadcast's length is a range, not a number.
export const SPACING_MIN_MS = 30_000;
export const SPACING_MAX_MS = 120_000;

/** "45 s", "12 min", "1 h 3 min", "2 h": floored, so a range never promises more than it knows. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** "about 1 h 3 min – 4 h 14 min" for 127 recipients. */
export function expectedDuration(recipients: number): string {
  const n = Math.max(0, recipients);
  return `about ${formatDuration(n * SPACING_MIN_MS)} – ${formatDuration(n * SPACING_MAX_MS)}`;
}

const STATUS_LABELS: Record<string, string> = {
  pending: ':hourglass_flowing_sand: Queued',
  running: ':large_green_circle: Sending',
  paused: ':double_vertical_bar: Paused',
  completed: ':white_check_mark: Completed',
  cancelled: ':black_square_for_stop: Cancelled',
  failed: ':x: Failed',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? escapeMrkdwn(truncate(status, 40));
}

/** `▓▓▓▓░░░░░░ 42%`: done counts sent and failed, since both are finished recipients. */
export function buildProgressBar(done: number, total: number, width = 20): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.floor(ratio * 100)}%`;
}

/** Which controls the message offers for a status. */
export function allowedControls(status: string): BulkControl[] {
  if (status === 'running') return ['pause', 'cancel'];
  if (status === 'paused') return ['resume', 'cancel'];
  if (status === 'pending') return ['cancel'];
  return [];
}

function controlButton(control: BulkControl, jobId: string): Button {
  const base = { type: 'button' as const, value: jobId };
  if (control === 'pause')
    return { ...base, action_id: BROADCAST_PROGRESS.pauseAction, text: plain('Pause') };
  if (control === 'resume')
    return { ...base, action_id: BROADCAST_PROGRESS.resumeAction, text: plain('Resume'), style: 'primary' };
  return {
    ...base,
    action_id: BROADCAST_PROGRESS.cancelAction,
    text: plain('Cancel'),
    style: 'danger',
    confirm: {
      title: plain('Cancel this broadcast?'),
      text: md("Recipients who haven't been reached yet won't get the message. This can't be undone."),
      confirm: plain('Cancel broadcast'),
      deny: plain('Keep sending'),
      style: 'danger',
    },
  };
}

export function buildProgressMessage(
  s: BroadcastState,
  opts: { revision: string | number },
): { text: string; blocks: KnownBlock[]; metadata: MessageMetadata } {
  const group = escapeMrkdwn(truncate(s.groupName, 200));
  const session = escapeMrkdwn(truncate(s.sessionName, 200));
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Broadcast to ${s.groupName}`, 150) },
    {
      type: 'section',
      text: md(`To *${group}* from *${session}*${s.startedBy ? `, started by <@${s.startedBy}>` : ''}`),
    },
    {
      type: 'section',
      block_id: uniqueBlockId('bulk_progress', opts.revision),
      fields: [
        md(`*Progress*\n\`${buildProgressBar(s.sent + s.failed, s.total)}\``),
        md(`*Sent*\n${s.sent}/${s.total}`),
        md(`*Failed*\n${s.failed}`),
        md(`*Status*\n${statusLabel(s.status)}`),
      ],
    },
  ];
  const context = [`Job \`${escapeMrkdwn(s.jobId)}\``];
  if (s.note) context.push(s.note); // our own mrkdwn (a channel mention), never user text
  blocks.push({ type: 'context', elements: [md(context.join(' · '))] });
  const controls = allowedControls(s.status);
  if (controls.length > 0) {
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: uniqueBlockId('bulk_controls', opts.revision),
      elements: controls.map((c) => controlButton(c, s.jobId)),
    };
    blocks.push(actions);
  }
  const status = statusLabel(s.status).replace(/^:[a-z_]+: /, '');
  return {
    text: `Broadcast to ${group}: ${s.sent}/${s.total} sent, ${s.failed} failed (${status})`,
    blocks,
    metadata: { event_type: BROADCAST_PROGRESS.eventType, event_payload: { job_id: s.jobId } },
  };
}

/** The thread reply for a status change; `by` is the person who clicked, when the change came from Slack. */
export function buildStatusReply(change: StatusChange, s: BroadcastState, by: string | null): string {
  const who = by ? ` by <@${by}>` : '';
  const at = `at ${s.sent}/${s.total}`;
  switch (change) {
    case 'started':
      return `:arrow_forward: Started sending to ${s.total} recipients in *${escapeMrkdwn(s.groupName)}* from *${escapeMrkdwn(s.sessionName)}*.`;
    case 'paused':
      return `:double_vertical_bar: Paused${who} ${at}.`;
    case 'resumed':
      return `:arrow_forward: Resumed${who} ${at}.`;
    case 'cancelled':
      return `:black_square_for_stop: Cancelled${who} ${at}. Recipients not reached yet won't get the message.`;
    case 'completed':
      return ':white_check_mark: Completed.';
    case 'failed':
      return `:x: MoltFlow reports that this broadcast failed ${at}.`;
  }
}

export function buildSummaryReply(s: BroadcastState, finishedAt: Date): string {
  const took = finishedAt.getTime() - Date.parse(s.startedAt);
  const duration = Number.isFinite(took) && took > 0 ? ` · took ${formatDuration(took)}` : '';
  const notReached = Math.max(0, s.total - s.sent - s.failed);
  const rest = notReached > 0 ? `, ${notReached} not reached` : '';
  return `*Summary:* ${s.sent} sent, ${s.failed} failed${rest} of ${s.total} recipients${duration}.`;
}

// `/bulksend list` and `/bulksend status <id>`: broadcasts with their counts and state, merged from
// MoltFlow's list and the ones this app follows (which know the group's name and where the progress is).
export interface BroadcastRow {
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

function describeRow(row: BroadcastRow): { line: string; context: string } {
  const group = row.groupName ? `*${escapeMrkdwn(truncate(row.groupName, 80))}*` : '*a contact group*';
  const line = `${group} · ${row.sent}/${row.total} sent · ${row.failed} failed · ${statusLabel(row.status)}`;
  const bits = [`\`${escapeMrkdwn(row.id)}\``];
  if (row.createdAt) bits.push(`started ${dateToken(row.createdAt)}`);
  if (row.startedBy) bits.push(`by <@${row.startedBy}>`);
  if (row.sessionName) bits.push(`from ${escapeMrkdwn(truncate(row.sessionName, 60))}`);
  if (row.channel) bits.push(`progress in <#${row.channel}>`);
  return { line, context: bits.join(' · ') };
}

export function buildBroadcastList(
  rows: readonly BroadcastRow[],
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

export function buildBroadcastStatus(row: BroadcastRow): { text: string; blocks: KnownBlock[] } {
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

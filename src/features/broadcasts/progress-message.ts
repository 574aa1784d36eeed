// The live message of one broadcast: group and session, a text progress bar, sent/total, failed, status,
// and only the controls MoltFlow allows now (Pause while running, Resume while paused, Cancel with a
// confirmation while either). Thread replies for each state change and the final summary live here too.
import type { ActionsBlock, Button, KnownBlock, MessageMetadata } from '@slack/types';
import type { BulkControl } from '../../api/bulk-send.js';
import { escapeMrkdwn, md, plain, truncate, uniqueBlockId } from '../../slack/blocks.js';
import { formatDuration } from './broadcast-duration.js';
import type { BulkProgressState, StatusChange } from './progress-state.js';

export const BULK_PROGRESS = {
  actionPattern: /^bulk_(pause|resume|cancel)$/,
  pauseAction: 'bulk_pause',
  resumeAction: 'bulk_resume',
  cancelAction: 'bulk_cancel',
  eventType: 'moltflow_bulk_send',
} as const;

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
  if (control === 'pause') return { ...base, action_id: BULK_PROGRESS.pauseAction, text: plain('Pause') };
  if (control === 'resume')
    return { ...base, action_id: BULK_PROGRESS.resumeAction, text: plain('Resume'), style: 'primary' };
  return {
    ...base,
    action_id: BULK_PROGRESS.cancelAction,
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

export function buildBulkProgressMessage(
  s: BulkProgressState,
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
    metadata: { event_type: BULK_PROGRESS.eventType, event_payload: { job_id: s.jobId } },
  };
}

/** The thread reply for a status change; `by` is the person who clicked, when the change came from Slack. */
export function buildStatusReply(change: StatusChange, s: BulkProgressState, by: string | null): string {
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

export function buildSummaryReply(s: BulkProgressState, finishedAt: Date): string {
  const took = finishedAt.getTime() - Date.parse(s.startedAt);
  const duration = Number.isFinite(took) && took > 0 ? ` · took ${formatDuration(took)}` : '';
  const notReached = Math.max(0, s.total - s.sent - s.failed);
  const rest = notReached > 0 ? `, ${notReached} not reached` : '';
  return `*Summary:* ${s.sent} sent, ${s.failed} failed${rest} of ${s.total} recipients${duration}.`;
}

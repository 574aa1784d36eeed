import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { type BulkJob, getBulkSend, listBulkSends } from '../../api/bulk-send.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import type { TrackedBroadcast } from '../../store/broadcast-jobs.js';
import { type BulkJobRow, buildBulkJobList, buildBulkJobStatus } from './broadcast-list.js';
import type { BroadcastContext } from './progress-hub.js';
import { restoreState } from './progress-state.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/bulksend list`: MoltFlow's recent jobs merged with the ones this app follows, newest first. */
export async function handleBulkList(ctx: BroadcastContext, { ack, respond }: Args): Promise<void> {
  await ack();
  const tracked = new Map(ctx.store.broadcasts.listRecent(15).map((t) => [t.jobId, t]));
  let remote: BulkJob[] = [];
  let note: string | null = null;
  try {
    remote = await listBulkSends(ctx.moltflowInteractive, 15);
  } catch (error) {
    note = `${describeMoltflowError(error, 'read the broadcast list')} These are the ones I follow.`;
  }
  const rows = remote.map((job) => toRow(ctx, job, tracked.get(job.id)));
  for (const [id, t] of tracked) if (!remote.some((j) => j.id === id)) rows.push(toRow(ctx, null, t));
  rows.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  await respond({ response_type: 'ephemeral', ...buildBulkJobList(rows, note) });
}

/** `/bulksend status <id>`: a full id, or the start of one this app follows. */
export async function handleBulkStatus(
  ctx: BroadcastContext,
  { ack, respond }: Args,
  typed: string,
): Promise<void> {
  await ack();
  const id = resolveId(ctx, typed);
  try {
    const job = await getBulkSend(ctx.moltflowInteractive, id);
    await respond({
      response_type: 'ephemeral',
      ...buildBulkJobStatus(toRow(ctx, job, ctx.store.broadcasts.get(job.id))),
    });
  } catch (error) {
    const text =
      error instanceof MoltflowHttpError && (error.status === 404 || error.status === 422)
        ? `MoltFlow has no broadcast \`${escapeMrkdwn(typed.slice(0, 80))}\`. \`/bulksend list\` shows the recent ones.`
        : describeMoltflowError(error, 'read that broadcast');
    await respond({ response_type: 'ephemeral', text });
  }
}

function resolveId(ctx: BroadcastContext, typed: string): string {
  if (typed.length < 4) return typed;
  const matches = ctx.store.broadcasts
    .listRecent(200)
    .map((t) => t.jobId)
    .filter((id) => id.startsWith(typed));
  return matches.length === 1 && matches[0] ? matches[0] : typed;
}

/** MoltFlow's counts are the freshest; the followed job adds names, who started it and where. */
function toRow(
  ctx: BroadcastContext,
  job: BulkJob | null,
  tracked: TrackedBroadcast | undefined,
): BulkJobRow {
  const id = job?.id ?? tracked?.jobId ?? '';
  const saved = tracked ? (ctx.bulk.state(id) ?? restoreState(id, tracked.state)) : undefined;
  return {
    id,
    status: job?.status ?? saved?.status ?? 'unknown',
    sent: job?.sentCount ?? saved?.sent ?? 0,
    failed: job?.failedCount ?? saved?.failed ?? 0,
    total: job?.totalRecipients || saved?.total || 0,
    groupName: saved?.groupName ?? null,
    sessionName: saved?.sessionName ?? null,
    startedBy: tracked?.startedBy ?? null,
    channel: tracked?.channel ?? null,
    createdAt: job?.createdAt ?? (saved ? new Date(saved.startedAt) : (tracked?.createdAt ?? null)),
  };
}

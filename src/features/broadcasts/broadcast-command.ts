// `/bulksend`: opens the broadcast form; `list` and `status <id>` show broadcasts with their counts, merged
// from MoltFlow's list and the ones this app follows.
import type { ModalView } from '@slack/types';
import { type BulkJob, getBulkSend, listBulkSends } from '../../api/bulk-send.js';
import { listAllCustomGroups } from '../../api/custom-groups.js';
import { MoltflowHttpError } from '../../api/errors.js';
import { listSessions, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import type { TrackedBroadcast } from '../../store/index.js';
import {
  buildBroadcastComposeModal,
  buildBroadcastLoadingModal,
  buildBroadcastNoticeModal,
  noGroupsText,
  noSessionsText,
} from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import { type BroadcastRow, buildBroadcastList, buildBroadcastStatus } from './broadcast-messages.js';
import { expireDrafts, saveDraft } from './broadcast-operations.js';
import { restoreState } from './broadcast-state.js';

export const SLASH_BULKSEND = '/bulksend';

const USAGE =
  '`/bulksend` opens the broadcast form · `/bulksend list` shows recent broadcasts · ' +
  '`/bulksend status <id>` shows one';

/** `/bulksend` (the form), `list`, `status <id>`, `help`. */
export async function handleBroadcastCommand(ctx: BroadcastContext, args: CommandArgs): Promise<void> {
  const [sub = '', ...rest] = args.command.text.trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case '':
      return handleBroadcastForm(ctx, args);
    case 'list':
      return handleBroadcastList(ctx, args);
    case 'status': {
      const id = rest[0];
      if (!id) {
        await args.ack({ response_type: 'ephemeral', text: `Which one? ${USAGE}.` });
        return;
      }
      return handleBroadcastStatus(ctx, args, id);
    }
    case 'help':
      await args.ack({ response_type: 'ephemeral', text: `${USAGE}.` });
      return;
    default: {
      const typed = escapeMrkdwn([sub, ...rest].join(' ').slice(0, 80));
      await args.ack({ response_type: 'ephemeral', text: `I don't know \`${typed}\`. ${USAGE}.` });
    }
  }
}

/**
 * `/bulksend`: ack, check OUTREACH_ALLOWED, open a "Loading…" modal while the trigger_id is fresh, then
 * fill it with working sessions and custom groups (or explain why there is nothing to pick).
 */
async function handleBroadcastForm(
  ctx: AppContext,
  { ack, command, client, respond }: CommandArgs,
): Promise<void> {
  await ack();
  let opened: Awaited<ReturnType<typeof client.views.open>>;
  try {
    opened = await client.views.open({ trigger_id: command.trigger_id, view: buildBroadcastLoadingModal() });
  } catch (error) {
    // Most likely the 3 s trigger window passed (a slow user-group lookup, a busy app).
    ctx.logger.warn('could not open the /bulksend form', { error });
    await respond({
      response_type: 'ephemeral',
      text: "Slack didn't let me open the form in time. Try `/bulksend` again.",
    });
    return;
  }
  const viewId = opened.view?.id;
  if (!viewId) return;
  const hash = opened.view?.hash;
  // The person may have closed the modal meanwhile; then there is nothing left to fill.
  const update = (view: ModalView) =>
    client.views
      .update({ view_id: viewId, view, ...(hash ? { hash } : {}) })
      .catch((error: unknown) => ctx.logger.info('could not fill the /bulksend modal', { error }));

  const [sessions, groups] = await Promise.allSettled([
    listSessions(ctx.moltflowInteractive),
    listAllCustomGroups(ctx.moltflowInteractive),
  ]);
  if (sessions.status === 'rejected' || groups.status === 'rejected') {
    const error = sessions.status === 'rejected' ? sessions.reason : (groups as PromiseRejectedResult).reason;
    ctx.logger.info('could not load sessions or groups for /bulksend', { error });
    await update(
      buildBroadcastNoticeModal(
        `:warning: ${describeMoltflowError(error, 'load your sessions and contact groups')}`,
      ),
    );
    return;
  }
  const working = workingSessions(sessions.value).map((s) => ({ id: s.id, name: s.name }));
  if (working.length === 0 || groups.value.length === 0) {
    await update(buildBroadcastNoticeModal(working.length === 0 ? noSessionsText() : noGroupsText()));
    return;
  }
  const offered = groups.value
    .slice(0, 100)
    .map((g) => ({ id: g.id, name: g.name, memberCount: g.memberCount }));
  await expireDrafts(ctx.store, ctx.now());
  await saveDraft(
    ctx.store,
    viewId,
    { channel: command.channel_id, user: command.user_id, sessions: working, groups: offered, choice: null },
    ctx.now(),
  );
  await update(buildBroadcastComposeModal(working, offered));
}

/** `/bulksend list`: MoltFlow's recent jobs merged with the ones this app follows, newest first. */
async function handleBroadcastList(ctx: BroadcastContext, { ack, respond }: CommandArgs): Promise<void> {
  await ack();
  const tracked = new Map((await ctx.store.broadcasts.listRecent(15)).map((t) => [t.jobId, t]));
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
  await respond({ response_type: 'ephemeral', ...buildBroadcastList(rows, note) });
}

/** `/bulksend status <id>`: a full id, or the start of one this app follows. */
async function handleBroadcastStatus(
  ctx: BroadcastContext,
  { ack, respond }: CommandArgs,
  typed: string,
): Promise<void> {
  await ack();
  const id = await resolveId(ctx, typed);
  try {
    const job = await getBulkSend(ctx.moltflowInteractive, id);
    await respond({
      response_type: 'ephemeral',
      ...buildBroadcastStatus(toRow(ctx, job, await ctx.store.broadcasts.get(job.id))),
    });
  } catch (error) {
    const text =
      error instanceof MoltflowHttpError && (error.status === 404 || error.status === 422)
        ? `MoltFlow has no broadcast \`${escapeMrkdwn(typed.slice(0, 80))}\`. \`/bulksend list\` shows the recent ones.`
        : describeMoltflowError(error, 'read that broadcast');
    await respond({ response_type: 'ephemeral', text });
  }
}

async function resolveId(ctx: BroadcastContext, typed: string): Promise<string> {
  if (typed.length < 4) return typed;
  const matches = (await ctx.store.broadcasts.listRecent(200))
    .map((t) => t.jobId)
    .filter((id) => id.startsWith(typed));
  return matches.length === 1 && matches[0] ? matches[0] : typed;
}

/** MoltFlow's counts are the freshest; the followed job adds names, who started it and where. */
function toRow(
  ctx: BroadcastContext,
  job: BulkJob | null,
  tracked: TrackedBroadcast | undefined,
): BroadcastRow {
  const id = job?.id ?? tracked?.jobId ?? '';
  const saved = tracked ? (ctx.broadcasts.state(id) ?? restoreState(id, tracked.state)) : undefined;
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

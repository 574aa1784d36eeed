// "About to send": written before POST /bulk-send and cleared once the job is followed. A crash in between
// (after MoltFlow started the broadcast, before we recorded it) would leave a broadcast running with no live
// message, no Pause/Cancel and a form stuck on "Starting…". On the next start each intent left behind is
// settled: the job is found in MoltFlow's recent jobs and adopted (progress message, follower, the form
// updated), or, if MoltFlow has no such job, the form says it did not start.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { type BulkJob, listBulkSends } from '../../api/bulk-send.js';
import { auditTarget, recordAudit } from '../../slack/audit.js';
import type { Store } from '../../store/index.js';
import { buildBroadcastNoticeModal, buildBroadcastStartedModal } from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import { initialState } from './broadcast-state.js';
import { postProgressMessage } from './progress-slack.js';

const KEY = 'broadcast.intents';
/** A job created this long before the intent was written is not the one it asked for. */
const CLOCK_SKEW_MS = 60_000;

const IntentSchema = z.object({
  viewId: z.string(),
  channel: z.string(),
  user: z.string(),
  team: z.string(),
  groupId: z.string(),
  sessionId: z.string(),
  groupName: z.string(),
  sessionName: z.string(),
  at: z.string(),
});
export type BroadcastIntent = z.infer<typeof IntentSchema>;

function readAll(store: Store): BroadcastIntent[] {
  const parsed = z.array(IntentSchema).safeParse(store.getSetting(KEY) ?? []);
  return parsed.success ? parsed.data : [];
}

export function recordIntent(store: Store, intent: BroadcastIntent): void {
  store.setSetting(KEY, [...readAll(store).filter((i) => i.viewId !== intent.viewId), intent]);
}

export function clearIntent(store: Store, viewId: string): void {
  const rest = readAll(store).filter((i) => i.viewId !== viewId);
  store.setSetting(KEY, rest.length > 0 ? rest : undefined);
}

/** Settles every intent a crash left behind; returns how many broadcasts were adopted. */
export async function adoptLeftIntents(ctx: BroadcastContext, client: webApi.WebClient): Promise<number> {
  const intents = readAll(ctx.store);
  if (intents.length === 0) return 0;
  let jobs: BulkJob[];
  try {
    jobs = await listBulkSends(ctx.moltflow, 50);
  } catch (error) {
    ctx.logger.warn('could not check for broadcasts started before a restart; will try at the next start', {
      error,
    });
    return 0;
  }
  let adopted = 0;
  for (const intent of intents) {
    const since = Date.parse(intent.at) - CLOCK_SKEW_MS;
    const job = jobs.find(
      (j) =>
        j.customGroupId === intent.groupId &&
        (j.sessionId === null || j.sessionId === intent.sessionId) &&
        (j.createdAt === null || j.createdAt.getTime() >= since) &&
        !ctx.store.broadcasts.get(j.id),
    );
    const show = (view: Parameters<webApi.WebClient['views']['update']>[0]['view']) =>
      client.views.update({ view_id: intent.viewId, view }).catch(() => undefined); // the form may be gone
    if (!job) {
      ctx.logger.info('a broadcast interrupted by a restart had not started', { viewId: intent.viewId });
      await show(
        buildBroadcastNoticeModal(
          "The app restarted before MoltFlow started this broadcast, so nothing was sent. Run `/bulksend` again when you're ready.",
        ),
      );
      clearIntent(ctx.store, intent.viewId);
      continue;
    }
    const names = { groupName: intent.groupName, sessionName: intent.sessionName };
    const posted = await postProgressMessage(
      client,
      { channel: intent.channel, user: intent.user },
      initialState(job, names, intent.user, ctx.now()),
    );
    ctx.broadcasts.follow({ channel: posted.channel, ts: posted.ts }, posted.state);
    recordAudit(
      ctx,
      { user: intent.user, team: intent.team },
      {
        action: 'broadcast.started',
        target: auditTarget(job.id, intent.groupName),
        detail: `${job.totalRecipients} recipients; adopted after a restart`,
      },
    );
    const where = posted.direct ? 'I sent you directly' : `in <#${posted.channel}>`;
    await show(
      buildBroadcastStartedModal({ recipients: job.totalRecipients, groupName: intent.groupName, where }),
    );
    clearIntent(ctx.store, intent.viewId);
    adopted += 1;
  }
  if (adopted > 0) ctx.logger.info('adopted broadcasts started before a restart', { count: adopted });
  return adopted;
}

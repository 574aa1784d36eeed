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

// One key per intent, so replicas starting broadcasts at the same moment never overwrite each other's.
const KEY_PREFIX = 'broadcast.intent.';
/** Where versions before replicas kept every intent, in one array; still read so an upgrade loses none. */
const LEGACY_KEY = 'broadcast.intents';
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
  /** The replica that is starting it, and which run of it (absent in intents written before replicas). */
  replica: z.string().optional(),
  run: z.string().optional(),
});
export type BroadcastIntent = z.infer<typeof IntentSchema>;

async function readAll(store: Store): Promise<BroadcastIntent[]> {
  const legacy = z.array(IntentSchema).safeParse((await store.getSetting(LEGACY_KEY)) ?? []);
  const intents = legacy.success ? legacy.data : [];
  for (const key of await store.listSettingKeys(KEY_PREFIX)) {
    const parsed = IntentSchema.safeParse(await store.getSetting(key));
    if (parsed.success) intents.push(parsed.data);
  }
  return intents;
}

export async function recordIntent(store: Store, intent: BroadcastIntent): Promise<void> {
  await store.setSetting(`${KEY_PREFIX}${intent.viewId}`, intent);
}

export async function clearIntent(store: Store, viewId: string): Promise<void> {
  await store.setSetting(`${KEY_PREFIX}${viewId}`, undefined);
  const legacy = z.array(IntentSchema).safeParse((await store.getSetting(LEGACY_KEY)) ?? []);
  if (legacy.success && legacy.data.some((i) => i.viewId === viewId)) {
    const rest = legacy.data.filter((i) => i.viewId !== viewId);
    await store.setSetting(LEGACY_KEY, rest.length > 0 ? rest : undefined);
  }
}

/**
 * The intents no one is working on: not one this run of the app wrote (it is starting it, or MoltFlow did
 * not answer and the next start looks), and not one of another replica that is alive.
 */
async function leftBehind(ctx: BroadcastContext, intents: BroadcastIntent[]): Promise<BroadcastIntent[]> {
  if (intents.length === 0) return [];
  const live = await ctx.replica.liveReplicas();
  const mine = ctx.replica.id;
  const orphans: BroadcastIntent[] = [];
  for (const intent of intents) {
    if (intent.run === ctx.replica.runId) continue;
    if (intent.replica !== undefined && intent.replica !== mine && live.has(intent.replica)) continue;
    orphans.push(intent);
  }
  return orphans;
}

/** Settles every intent a crash left behind; returns how many broadcasts were adopted. */
export async function adoptLeftIntents(ctx: BroadcastContext, client: webApi.WebClient): Promise<number> {
  const intents = await leftBehind(ctx, await readAll(ctx.store));
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
    // Claimed once: of two replicas settling together, only one adopts (or dismisses) each intent.
    if (!(await ctx.store.idempotency.claim(`broadcast-adopt:${intent.viewId}:${intent.at}`, ctx.now())))
      continue;
    const since = Date.parse(intent.at) - CLOCK_SKEW_MS;
    const candidates = jobs.filter(
      (j) =>
        j.customGroupId === intent.groupId &&
        (j.sessionId === null || j.sessionId === intent.sessionId) &&
        (j.createdAt === null || j.createdAt.getTime() >= since),
    );
    let job: BulkJob | undefined;
    for (const candidate of candidates) {
      if (await ctx.store.broadcasts.get(candidate.id)) continue;
      job = candidate;
      break;
    }
    const show = (view: Parameters<webApi.WebClient['views']['update']>[0]['view']) =>
      client.views.update({ view_id: intent.viewId, view }).catch(() => undefined); // the form may be gone
    if (!job) {
      ctx.logger.info('a broadcast interrupted by a restart had not started', { viewId: intent.viewId });
      await show(
        buildBroadcastNoticeModal(
          "The app restarted before MoltFlow started this broadcast, so nothing was sent. Run `/bulksend` again when you're ready.",
        ),
      );
      await clearIntent(ctx.store, intent.viewId);
      continue;
    }
    const names = { groupName: intent.groupName, sessionName: intent.sessionName };
    const posted = await postProgressMessage(
      client,
      { channel: intent.channel, user: intent.user },
      initialState(job, names, intent.user, ctx.now()),
    );
    await ctx.broadcasts.follow({ channel: posted.channel, ts: posted.ts }, posted.state);
    await recordAudit(
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
    await clearIntent(ctx.store, intent.viewId);
    adopted += 1;
  }
  if (adopted > 0) ctx.logger.info('adopted broadcasts started before a restart', { count: adopted });
  return adopted;
}

// The work behind the /bulksend form, shared by the command and the modal's submissions: the draft kept
// between the form's steps, and starting the broadcast (POST /bulk-send, the refusal in words, the progress
// message posted and handed to the hub).
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { type BulkJob, createBulkSend } from '../../api/bulk-send.js';
import { MoltflowConnectionError, MoltflowHttpError, MoltflowRateLimitError } from '../../api/errors.js';
import { type Actor, auditFailure, auditTarget, recordAudit } from '../../slack/audit.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import type { Store } from '../../store/index.js';
import {
  buildBroadcastFailedModal,
  buildBroadcastNoticeModal,
  buildBroadcastStartedModal,
  EXPIRED_TEXT,
} from './broadcast-form.js';
import type { BroadcastContext } from './broadcast-hub.js';
import { clearIntent, recordIntent } from './broadcast-intents.js';
import { initialState } from './broadcast-state.js';
import { postProgressMessage } from './progress-slack.js';

// What a /bulksend modal offered and what was chosen, kept in the store by view id: private_metadata holds
// at most 3,000 characters, too little for a 4,096-character message or a hundred groups, and a submission
// must be answered without asking MoltFlow again. Dropped when the broadcast starts or the modal closes.
const Content = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), message: z.string() }),
  z.object({ kind: z.literal('media'), mediaUrl: z.string() }),
]);

const DraftSchema = z.object({
  /** Where /bulksend was typed, and by whom. */
  channel: z.string(),
  user: z.string(),
  sessions: z.array(z.object({ id: z.string(), name: z.string() })),
  groups: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().nullable() })),
  choice: z.object({ sessionId: z.string(), groupId: z.string(), content: Content }).nullable().default(null),
  /** When it was stored: a draft whose form was abandoned (closed before it loaded) expires after a day. */
  savedAt: z.string().optional(),
});

export type BroadcastDraft = z.infer<typeof DraftSchema>;

const draftKey = (viewId: string) => `bulksend.draft.${viewId}`;

export async function saveDraft(
  store: Store,
  viewId: string,
  draft: BroadcastDraft,
  now = new Date(),
): Promise<void> {
  await store.setSetting(draftKey(viewId), { ...draft, savedAt: draft.savedAt ?? now.toISOString() });
}

const DRAFT_MAX_AGE_MS = 24 * 3_600_000;

/**
 * Forgets drafts older than a day. Slack sends no view_closed for a form closed while it was still
 * loading, so such drafts are swept here (each time a new form opens) rather than never.
 */
export async function expireDrafts(store: Store, now: Date): Promise<number> {
  let expired = 0;
  for (const key of await store.listSettingKeys(draftKey(''))) {
    const draft = DraftSchema.safeParse(await store.getSetting(key));
    const savedAt = draft.success && draft.data.savedAt ? Date.parse(draft.data.savedAt) : Number.NaN;
    if (Number.isNaN(savedAt) || now.getTime() - savedAt > DRAFT_MAX_AGE_MS) {
      await store.setSetting(key, undefined);
      expired += 1;
    }
  }
  return expired;
}

export async function loadDraft(store: Store, viewId: string): Promise<BroadcastDraft | undefined> {
  const parsed = DraftSchema.safeParse(await store.getSetting(draftKey(viewId)));
  return parsed.success ? parsed.data : undefined;
}

export async function dropDraft(store: Store, viewId: string): Promise<void> {
  await store.setSetting(draftKey(viewId), undefined);
}

/**
 * Starts the chosen broadcast: one POST /bulk-send, then the progress message (in the channel, or to the
 * person directly) followed by the hub. Returns the modal that tells how it went. The start (or MoltFlow's
 * refusal) goes into the audit trail as soon as MoltFlow has answered.
 */
export async function startBroadcast(
  ctx: BroadcastContext,
  client: webApi.WebClient,
  draft: BroadcastDraft,
  actor: Actor,
  viewId: string,
): Promise<ModalView> {
  const userId = actor.user;
  const choice = draft.choice;
  if (!choice) return buildBroadcastNoticeModal(EXPIRED_TEXT);
  const names = {
    groupName: draft.groups.find((g) => g.id === choice.groupId)?.name ?? 'the group',
    sessionName: draft.sessions.find((s) => s.id === choice.sessionId)?.name ?? 'the session',
  };
  // Written before the POST, so a crash before the job is recorded can be settled at the next start (or
  // by another replica once this one is gone).
  await recordIntent(ctx.store, {
    replica: ctx.replica.id,
    run: ctx.replica.runId,
    viewId,
    channel: draft.channel,
    user: userId,
    team: actor.team,
    groupId: choice.groupId,
    sessionId: choice.sessionId,
    ...names,
    at: ctx.now().toISOString(),
  });
  let job: BulkJob;
  try {
    job = await createBulkSend(ctx.moltflowInteractive, {
      sessionId: choice.sessionId,
      customGroupId: choice.groupId,
      ...choice.content,
    });
  } catch (error) {
    ctx.logger.info('MoltFlow refused a broadcast', { error, user: userId });
    const group = auditTarget(`group ${choice.groupId}`, names.groupName);
    await recordAudit(ctx, actor, auditFailure('broadcast.started', group, error));
    // No answer may still mean started: keep the intent, so the next start looks for the job.
    if (!(error instanceof MoltflowConnectionError)) await clearIntent(ctx.store, viewId);
    return buildBroadcastFailedModal(describeBroadcastError(error, names));
  }
  ctx.logger.info('broadcast started', { jobId: job.id, user: userId, recipients: job.totalRecipients });
  await recordAudit(ctx, actor, {
    action: 'broadcast.started',
    target: auditTarget(job.id, names.groupName),
    detail: `${job.totalRecipients} recipients, session ${names.sessionName.slice(0, 80)}`,
  });
  const state = initialState(job, names, userId, ctx.now());
  try {
    const posted = await postProgressMessage(client, { channel: draft.channel, user: userId }, state);
    await ctx.broadcasts.follow({ channel: posted.channel, ts: posted.ts }, posted.state);
    await clearIntent(ctx.store, viewId);
    const where = posted.direct
      ? 'I sent you directly (I cannot post where you typed `/bulksend`)'
      : `in <#${posted.channel}>`;
    return buildBroadcastStartedModal({ recipients: job.totalRecipients, groupName: names.groupName, where });
  } catch (error) {
    await clearIntent(ctx.store, viewId);
    ctx.logger.warn('broadcast started but its progress message could not be posted', {
      error,
      jobId: job.id,
    });
    return buildBroadcastNoticeModal(
      `:warning: The broadcast has started, but I couldn't post its progress message. ` +
        `Follow it with \`/bulksend status ${escapeMrkdwn(job.id)}\`.`,
    );
  }
}

const PLAN_NAMES = /\b(free|starter|pro|business)\b/i;

/**
 * Why MoltFlow refused a broadcast, in words a person can act on: the plan it needs, a session that is not
 * connected, a group that is gone, what a 422 objected to, when to retry after a 429. A POST that got no
 * answer may still have started, so that case points at `/bulksend list` instead of "try again".
 */
export function describeBroadcastError(
  err: unknown,
  names: { groupName: string; sessionName: string },
): string {
  // Names and MoltFlow's words are cut after escaping, so the advice after them fits the modal's section.
  const group = `*${truncate(escapeMrkdwn(names.groupName), 200)}*`;
  const session = `*${truncate(escapeMrkdwn(names.sessionName), 200)}*`;
  if (err instanceof MoltflowRateLimitError) return describeMoltflowError(err, 'start the broadcast');
  if (err instanceof MoltflowConnectionError) {
    return (
      "MoltFlow didn't answer in time, so I can't tell whether the broadcast started. " +
      'Check `/bulksend list` before trying again, so nobody gets the message twice.'
    );
  }
  if (!(err instanceof MoltflowHttpError)) return describeMoltflowError(err, 'start the broadcast');
  const said = truncate(escapeMrkdwn(err.detail), 1000);
  const detail = err.detail.toLowerCase();
  if (err.status === 403) {
    if (err.requiredScopes.length > 0) return describeMoltflowError(err, 'start the broadcast');
    if (/quota|messages? left|limit/.test(detail) && !/plan/.test(detail)) {
      return `MoltFlow refused: ${said}. Your plan's monthly messages would not cover every member of ${group}; pick a smaller group or upgrade the plan.`;
    }
    const plan = PLAN_NAMES.test(err.detail) ? '' : ' Broadcasts need the Starter plan or higher.';
    return `MoltFlow refused: ${said}.${plan} Upgrade the MoltFlow plan to send broadcasts.`;
  }
  if (/session/.test(detail)) {
    return `The WhatsApp session ${session} can't send right now (MoltFlow said: ${said}). Reconnect it in MoltFlow, or run \`/bulksend\` again and pick a working session.`;
  }
  if (/group/.test(detail) || err.status === 404) {
    return `MoltFlow couldn't find the contact group ${group} (it said: ${said}). It may have been deleted; check \`/groups\` and run \`/bulksend\` again.`;
  }
  if (err.status === 400 || err.status === 422) {
    return `MoltFlow didn't accept the broadcast: ${said}. Fix that and run \`/bulksend\` again.`;
  }
  return describeMoltflowError(err, 'start the broadcast');
}

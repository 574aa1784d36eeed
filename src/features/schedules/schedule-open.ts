import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import { listSessions, type WhatsappSession, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isTimeZone, UTC } from '../../domain/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { describeScheduleError } from './schedule-errors.js';
import { emptyScheduleForm, type ScheduleChoice } from './schedule-form.js';
import { buildScheduleModal } from './schedule-modal.js';
import { buildScheduleLoadingModal, buildScheduleNoticeModal } from './schedule-status-views.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/schedule`: the trigger_id expires in 3 s, so a "Loading…" modal opens right after the ack and the
 * allow-list check; sessions, groups and the person's time zone are then fetched together and the modal
 * is updated to the form (or to words saying why there is no form).
 */
export async function openScheduleModal(ctx: AppContext, { ack, command, client, respond }: Args) {
  await ack();
  if (!(await ctx.outreach.allows(client, command.user_id))) {
    await respond({ response_type: 'ephemeral', text: ctx.outreach.refusal('scheduling messages') });
    return;
  }
  let viewId: string | undefined;
  try {
    const opened = await client.views.open({
      trigger_id: command.trigger_id,
      view: buildScheduleLoadingModal(),
    });
    viewId = opened.view?.id;
  } catch (error) {
    ctx.logger.warn('could not open the schedule modal', { error });
  }
  if (!viewId) {
    await respond({
      response_type: 'ephemeral',
      text: 'Slack did not open the form in time. Please run `/schedule` again.',
    });
    return;
  }
  const show = (view: ModalView) => client.views.update({ view_id: viewId, view });

  let loaded: [WhatsappSession[], CustomGroup[], string];
  try {
    loaded = await Promise.all([
      listSessions(ctx.moltflowInteractive),
      listAllCustomGroups(ctx.moltflowInteractive),
      personTimeZone(client, command.user_id),
    ]);
  } catch (err) {
    ctx.logger.info('schedule modal could not load', { error: err });
    await show(
      buildScheduleNoticeModal(describeScheduleError(err, 'load your WhatsApp sessions and custom groups')),
    );
    return;
  }
  const [sessions, groups, personTz] = loaded;
  const working = workingSessions(sessions);
  if (working.length === 0) {
    await show(buildScheduleNoticeModal(noWorkingSession(sessions)));
    return;
  }
  if (groups.length === 0) {
    await show(
      buildScheduleNoticeModal(
        'You have no custom groups in MoltFlow yet, so there is no one to send to. Create a custom group of contacts in MoltFlow first, then run `/schedule` again.',
      ),
    );
    return;
  }
  const defaultId = ctx.config.outreach.defaultSessionId;
  const preselected =
    working.find((s) => s.id === defaultId) ?? (working.length === 1 ? working[0] : undefined);
  const values = {
    ...emptyScheduleForm(personTz),
    sessionId: preselected?.id ?? null,
    groupId: groups.length === 1 ? (groups[0]?.id ?? null) : null,
  };
  const choices = { sessions: working.map(sessionChoice), groups: groups.map(groupChoice) };
  await show(
    buildScheduleModal({
      choices,
      values,
      meta: { channel: command.channel_id, personTz, previewed: null },
      now: ctx.now(),
    }),
  );
}

const sessionChoice = (s: WhatsappSession): ScheduleChoice => ({
  value: s.id,
  label: s.phoneNumber ? `${s.name} (${s.phoneNumber})` : s.name,
});

const groupChoice = (g: CustomGroup): ScheduleChoice => ({
  value: g.id,
  label:
    g.memberCount === null ? g.name : `${g.name} (${g.memberCount} contact${g.memberCount === 1 ? '' : 's'})`,
});

function noWorkingSession(sessions: WhatsappSession[]): string {
  const others = sessions.map((s) => `${escapeMrkdwn(s.name)} (${escapeMrkdwn(s.status)})`).join(', ');
  return (
    'No WhatsApp session is *working* right now, so nothing could send a scheduled message. ' +
    'Connect or restart one in MoltFlow, then run `/schedule` again.' +
    (others ? `\nYour sessions: ${others}.` : '')
  );
}

/** The person's own zone from Slack (needs users:read); UTC when Slack does not say or says something odd. */
async function personTimeZone(client: webApi.WebClient, userId: string): Promise<string> {
  try {
    const info = await client.users.info({ user: userId });
    const tz = info.user?.tz;
    return tz && isTimeZone(tz) ? tz : UTC;
  } catch {
    return UTC;
  }
}

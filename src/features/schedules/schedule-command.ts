// `/schedule`: the command router and its subcommands. `/schedule` (or `new`) opens the form, `list` and
// `history` answer privately with a message whose buttons are handled in schedule-list-actions.ts.
import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type CustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import { listAllSchedules } from '../../api/schedules.js';
import { listSessions, type WhatsappSession, workingSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { isTimeZone, UTC } from '../../domain/time.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { emptyScheduleForm, type ScheduleChoice } from './schedule-form.js';
import {
  buildNoWorkingSessionText,
  buildScheduleLoadingModal,
  buildScheduleModal,
  buildScheduleNoticeModal,
} from './schedule-modal.js';
import {
  describeScheduleError,
  drawScheduleHistory,
  drawScheduleList,
  findSchedule,
} from './schedule-operations.js';

export const SLASH_SCHEDULE = '/schedule';

const USAGE =
  '• `/schedule` opens a form to schedule a WhatsApp message to a custom group\n' +
  '• `/schedule list` shows your schedules, with buttons to pause, resume, cancel or delete them\n' +
  '• `/schedule history <name or id>` shows when a schedule ran and how it went';

/** `/schedule [new] | list [page] | history <name or id> | help`. Each branch acks for itself. */
export async function handleScheduleCommand(ctx: AppContext, args: CommandArgs): Promise<void> {
  const text = args.command.text.trim();
  const [sub = '', ...rest] = text.split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case '':
    case 'new':
      return openScheduleModal(ctx, args);
    case 'list': {
      const page = Math.max(1, Number.parseInt(rest[0] ?? '1', 10) || 1);
      return runScheduleList(ctx, args, (page - 1) * 10);
    }
    case 'history':
      return runScheduleHistory(ctx, args, rest.join(' '));
    case 'help':
      await args.ack({ response_type: 'ephemeral', text: `*Scheduled WhatsApp messages*\n${USAGE}` });
      return;
    default: {
      const typed = escapeMrkdwn(text.slice(0, 80));
      await args.ack({ response_type: 'ephemeral', text: `I don't know \`${typed}\`. Try:\n${USAGE}` });
    }
  }
}

/**
 * `/schedule`: the trigger_id expires in 3 s, so a "Loading…" modal opens right after the ack and the
 * allow-list check; sessions, groups and the person's time zone are then fetched together and the modal
 * is updated to the form (or to words saying why there is no form).
 */
async function openScheduleModal(ctx: AppContext, { ack, command, client, respond }: CommandArgs) {
  await ack();
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
    await show(buildScheduleNoticeModal(buildNoWorkingSessionText(sessions)));
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

/** `/schedule list [page]`: acked at once, answered privately after MoltFlow replies. */
async function runScheduleList(
  ctx: AppContext,
  { ack, respond, client, command }: CommandArgs,
  offset: number,
): Promise<void> {
  await ack();
  try {
    const viewer = { canChange: (await ctx.access.check(client, command.user_id, 'outreach')).allowed };
    await respond({ response_type: 'ephemeral', ...(await drawScheduleList(ctx, offset, viewer)) });
  } catch (err) {
    ctx.logger.info('schedule list failed', { error: err });
    await respond({ response_type: 'ephemeral', text: describeScheduleError(err, 'list your schedules') });
  }
}

/** `/schedule history <name or id>`. */
async function runScheduleHistory(
  ctx: AppContext,
  { ack, respond }: CommandArgs,
  query: string,
): Promise<void> {
  if (query.trim() === '') {
    await ack({
      response_type: 'ephemeral',
      text: 'Which schedule? Try `/schedule history <name or id>`; `/schedule list` shows them all.',
    });
    return;
  }
  await ack();
  const typed = truncate(escapeMrkdwn(query.trim()), 100);
  try {
    const match = findSchedule(await listAllSchedules(ctx.moltflowInteractive), query);
    if ('candidates' in match) {
      const names = match.candidates
        .slice(0, 10)
        .map((s) => `• ${escapeMrkdwn(s.name)} (\`${escapeMrkdwn(s.id)}\`)`);
      const text =
        names.length === 0
          ? `I couldn't find a schedule called *${typed}*. \`/schedule list\` shows them all.`
          : `Several schedules match *${typed}*; use the id of the one you mean:\n${names.join('\n')}`;
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    const { id, name } = match.found;
    await respond({ response_type: 'ephemeral', ...(await drawScheduleHistory(ctx, { id, name }, 0)) });
  } catch (err) {
    ctx.logger.info('schedule history failed', { error: err });
    await respond({
      response_type: 'ephemeral',
      text: describeScheduleError(err, `show the history of ${typed}`),
    });
  }
}

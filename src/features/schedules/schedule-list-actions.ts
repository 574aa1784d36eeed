// The buttons on the `/schedule list` and `/schedule history` messages: a move on one schedule, and Previous
// / Next. Each acks first, then redraws the same private message from what MoltFlow says now.
import type { KnownBlock } from '@slack/types';
import { moveSchedule } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { escapeMrkdwn, md } from '../../slack/blocks.js';
import type { ButtonArgs } from '../../slack/listener-args.js';
import { MOVE_DONE, parseHistoryPageValue, parseScheduleMoveAction } from './schedule-messages.js';
import { describeScheduleError, drawScheduleHistory, drawScheduleList } from './schedule-operations.js';

/**
 * Pause / Resume / Cancel / Delete on the `/schedule list` message. One click does it once: a second click
 * on the same drawing of the list is ignored. The list is then redrawn to what MoltFlow says now, so it
 * only ever offers the moves the new status allows; a refusal is explained in a separate private note.
 */
export async function handleScheduleMove(ctx: AppContext, { ack, body, action, respond }: ButtonArgs) {
  await ack();
  const target = parseScheduleMoveAction(action);
  if (!target) return;
  const { move, id, offset, revision } = target;
  const key = `schedule-move:${id}:${move}:${revision}`;
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) return;

  const name = `*${escapeMrkdwn(target.name)}*`;
  const audited = { action: `schedule.${MOVE_DONE[move]}`, target: auditTarget(id, target.name) };
  let note: string;
  try {
    await moveSchedule(ctx.moltflowInteractive, id, move);
    await auditFrom(ctx, { body }, audited);
    note = `:white_check_mark: ${name} was ${MOVE_DONE[move]} by <@${body.user.id}>.`;
  } catch (err) {
    await ctx.store.idempotency.release(key);
    ctx.logger.info('schedule move refused', { id, move, error: err });
    await auditFrom(ctx, { body }, auditFailure(audited.action, audited.target, err));
    note = `:warning: ${describeScheduleError(err, `${move} ${name}`)}`;
    await respond({ response_type: 'ephemeral', replace_original: false, text: note });
  }
  try {
    const page = await drawScheduleList(ctx, offset);
    const blocks: KnownBlock[] = [{ type: 'context', elements: [md(note)] }, ...page.blocks];
    await respond({ response_type: 'ephemeral', replace_original: true, text: page.text, blocks });
  } catch (err) {
    const why = describeScheduleError(err, 'refresh the list');
    await respond({ response_type: 'ephemeral', replace_original: false, text: `${note}\n${why}` });
  }
}

/** Previous / Next under `/schedule list`: redraws the same message with the other page. */
export async function handleScheduleListPage(
  ctx: AppContext,
  { ack, action, respond, body, client }: ButtonArgs,
): Promise<void> {
  await ack();
  const offset = Number.parseInt(action.value ?? '', 10);
  if (!Number.isInteger(offset) || offset < 0) return;
  try {
    const viewer = { canChange: (await ctx.access.check(client, body.user.id, 'outreach')).allowed };
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...(await drawScheduleList(ctx, offset, viewer)),
    });
  } catch (err) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: describeScheduleError(err, 'show that page'),
    });
  }
}

/** Previous / Next under `/schedule history`: redraws the same message with the other page of runs. */
export async function handleScheduleHistoryPage(
  ctx: AppContext,
  { ack, action, respond }: ButtonArgs,
): Promise<void> {
  await ack();
  const page = parseHistoryPageValue(action.value);
  if (!page) return;
  try {
    const message = await drawScheduleHistory(ctx, { id: page.id, name: page.name }, page.offset);
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
  } catch (err) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: describeScheduleError(err, 'show that page'),
    });
  }
}

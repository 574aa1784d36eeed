import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { createSchedule } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { describeScheduleSaveError } from './schedule-errors.js';
import { parseScheduleChoices, parseScheduleMeta, parseScheduleValues } from './schedule-form.js';
import { checkScheduleForm } from './schedule-form-check.js';
import { buildScheduleModal, type ScheduleNotice } from './schedule-modal.js';
import {
  buildScheduleConfirmation,
  buildScheduleNoticeModal,
  buildScheduleSavedModal,
  buildScheduleSavingModal,
  type SavedSchedule,
} from './schedule-status-views.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The schedule modal's submit. Wrong fields get words on the field (in the ack, no MoltFlow call). A valid
 * form is first shown back with its next runs; a submit of exactly that previewed request saves it. Saving
 * is claimed once per modal, so a double click cannot create two schedules; the modal says "Saving…" at
 * once and then shows the result, or the form again with MoltFlow's objection on the right field.
 */
export async function handleScheduleSubmission(ctx: AppContext, { ack, body, view, client }: Args) {
  const meta = parseScheduleMeta(view.private_metadata);
  const choices = parseScheduleChoices(view.blocks);
  const values = parseScheduleValues(view.state.values);
  const checked = checkScheduleForm(values, ctx.now());
  if (!checked.ok) {
    await ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const form = (notice: ScheduleNotice | null) =>
    buildScheduleModal({
      choices,
      values,
      meta: { ...meta, previewed: checked.fingerprint },
      now: ctx.now(),
      preview: checked.runs,
      notice,
    });
  if (meta.previewed !== checked.fingerprint) {
    await ack({ response_action: 'update', view: form(null) });
    return;
  }

  const key = `schedule:${view.id}`;
  const groupLabel = choices.groups.find((g) => g.value === values.groupId)?.label ?? 'the custom group';
  const summary = (nextRunAt: Date | null): SavedSchedule => ({
    name: values.name,
    type: values.type,
    groupLabel,
    nextRunAt,
  });
  if (!ctx.store.idempotency.claim(key, ctx.now())) {
    const done = ctx.store.idempotency.result<{ nextRunAt: string | null }>(key);
    const nextRunAt = done?.nextRunAt ? new Date(done.nextRunAt) : null;
    const shown = done ? buildScheduleSavedModal(summary(nextRunAt)) : buildScheduleSavingModal(values.name);
    await ack({ response_action: 'update', view: shown });
    return;
  }
  await ack({ response_action: 'update', view: buildScheduleSavingModal(values.name) });
  const show = (next: ModalView) =>
    client.views
      .update({ view_id: view.id, view: next })
      .catch((error) => ctx.logger.warn('could not update the schedule modal', { error }));

  if (!(await ctx.outreach.allows(client, body.user.id))) {
    ctx.store.idempotency.release(key);
    await show(buildScheduleNoticeModal(ctx.outreach.refusal('scheduling messages')));
    return;
  }
  try {
    const created = await createSchedule(ctx.moltflowInteractive, checked.request);
    const saved = summary(created.nextRunAt ?? checked.runs[0] ?? null);
    ctx.store.idempotency.saveResult(key, {
      id: created.id,
      nextRunAt: saved.nextRunAt?.toISOString() ?? null,
    });
    ctx.logger.info('schedule created', { id: created.id, type: values.type, by: body.user.id });
    await show(buildScheduleSavedModal(saved));
    await confirmPrivately(ctx, client, meta.channel, body.user.id, saved);
  } catch (err) {
    ctx.store.idempotency.release(key);
    ctx.logger.info('schedule not saved', { error: err });
    await show(form(describeScheduleSaveError(err, values.type)));
  }
}

/** In the channel where /schedule was typed, seen only by its author; in a DM when that fails. */
async function confirmPrivately(
  ctx: AppContext,
  client: webApi.WebClient,
  channel: string | null,
  user: string,
  saved: SavedSchedule,
): Promise<void> {
  const message = buildScheduleConfirmation(saved);
  try {
    if (!channel) throw new Error('no channel');
    await client.chat.postEphemeral({ channel, user, ...message });
  } catch {
    await client.chat
      .postMessage({ channel: user, ...message })
      .catch((error) => ctx.logger.warn('could not confirm a saved schedule', { error }));
  }
}

// The listeners of the open schedule modal: "How often" redraws it for the new type, the time-zone picker
// searches zones, and the submit previews, then saves. None of them calls MoltFlow before the ack.
import type { RadioButtonsAction, webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { createSchedule, SCHEDULE_TYPES } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { searchTimeZones } from '../../domain/time.js';
import { auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { plain } from '../../slack/blocks.js';
import type { BlockActionArgs, OptionsArgs, SubmissionArgs } from '../../slack/listener-args.js';
import {
  parseScheduleChoices,
  parseScheduleMeta,
  parseScheduleValues,
  type ScheduleNotice,
} from './schedule-form.js';
import { checkScheduleForm, describeScheduleSaveError } from './schedule-form-check.js';
import {
  buildScheduleConfirmation,
  buildScheduleModal,
  buildScheduleSavedModal,
  buildScheduleSavingModal,
  type SavedSchedule,
} from './schedule-modal.js';

/**
 * "How often" changed in the schedule modal: redraw it with the inputs that type needs, keeping everything
 * already typed. No MoltFlow call: the session and group options are read back from the modal itself.
 * Any earlier preview is dropped, since it described another schedule.
 */
export async function handleScheduleTypeSwitch(
  ctx: AppContext,
  { ack, body, action, client }: BlockActionArgs<RadioButtonsAction>,
) {
  await ack();
  const view = body.view;
  if (!view) return;
  const values = parseScheduleValues(view.state.values);
  const type = SCHEDULE_TYPES.find((t) => t === action.selected_option?.value) ?? values.type;
  const meta = parseScheduleMeta(view.private_metadata);
  try {
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: buildScheduleModal({
        choices: parseScheduleChoices(view.blocks),
        values: { ...values, type },
        meta: { ...meta, previewed: null },
        now: ctx.now(),
      }),
    });
  } catch (error) {
    // hash_conflict: a later change already redrew the modal, and that drawing wins.
    ctx.logger.info('schedule modal not redrawn for the new type', { error });
  }
}

/** The time-zone picker's search: IANA zones matching what was typed, best first, at most 100. */
export async function handleTimezoneOptions(ctx: AppContext, { ack, payload }: OptionsArgs): Promise<void> {
  const options = searchTimeZones(payload.value, ctx.now(), 100).map((z) => ({
    text: plain(z.label, 75),
    value: z.value,
  }));
  await ack({ options });
}

/**
 * The schedule modal's submit. Wrong fields get words on the field (in the ack, no MoltFlow call). A valid
 * form is first shown back with its next runs; a submit of exactly that previewed request saves it. Saving
 * is claimed once per modal, so a double click cannot create two schedules; the modal says "Saving…" at
 * once and then shows the result, or the form again with MoltFlow's objection on the right field.
 */
export async function handleScheduleSubmission(ctx: AppContext, { ack, body, view, client }: SubmissionArgs) {
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
  if (!(await ctx.store.idempotency.claim(key, ctx.now()))) {
    const done = await ctx.store.idempotency.result<{ nextRunAt: string | null }>(key);
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

  try {
    const created = await createSchedule(ctx.moltflowInteractive, checked.request);
    const saved = summary(created.nextRunAt ?? checked.runs[0] ?? null);
    await ctx.store.idempotency.saveResult(key, {
      id: created.id,
      nextRunAt: saved.nextRunAt?.toISOString() ?? null,
    });
    ctx.logger.info('schedule created', { id: created.id, type: values.type, by: body.user.id });
    await auditFrom(
      ctx,
      { body },
      {
        action: 'schedule.created',
        target: auditTarget(created.id, values.name),
        detail: `${values.type}, to ${groupLabel.slice(0, 80)}`,
      },
    );
    await show(buildScheduleSavedModal(saved));
    await confirmPrivately(ctx, client, meta.channel, body.user.id, saved);
  } catch (err) {
    await ctx.store.idempotency.release(key);
    ctx.logger.info('schedule not saved', { error: err });
    await auditFrom(ctx, { body }, auditFailure('schedule.created', auditTarget('new', values.name), err));
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

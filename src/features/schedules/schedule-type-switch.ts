import type {
  AllMiddlewareArgs,
  BlockAction,
  RadioButtonsAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { SCHEDULE_TYPES } from '../../api/schedules.js';
import type { AppContext } from '../../context.js';
import { parseScheduleChoices, parseScheduleMeta, parseScheduleValues } from './schedule-form.js';
import { buildScheduleModal } from './schedule-modal.js';

type Args = SlackActionMiddlewareArgs<BlockAction<RadioButtonsAction>> & AllMiddlewareArgs;

/**
 * "How often" changed in the schedule modal: redraw it with the inputs that type needs, keeping everything
 * already typed. No MoltFlow call: the session and group options are read back from the modal itself.
 * Any earlier preview is dropped, since it described another schedule.
 */
export async function handleScheduleTypeSwitch(ctx: AppContext, { ack, body, action, client }: Args) {
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

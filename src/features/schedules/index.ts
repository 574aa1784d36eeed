// /schedule: one-time and recurring messages, their list and history.
import type { BlockAction, BlockButtonAction, RadioButtonsAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import { handleScheduleCommand, SLASH_SCHEDULE } from './schedule-command.js';
import {
  handleScheduleHistoryPage,
  handleScheduleListPage,
  handleScheduleMove,
} from './schedule-list-actions.js';
import {
  SCHEDULE_HISTORY_PAGE_ACTION,
  SCHEDULE_LIST_PAGE_ACTION,
  SCHEDULE_MOVE_ACTION,
} from './schedule-messages.js';
import { SCHEDULE_MODAL } from './schedule-modal.js';
import {
  handleScheduleSubmission,
  handleScheduleTypeSwitch,
  handleTimezoneOptions,
} from './schedule-modal-actions.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(
    SLASH_SCHEDULE,
    {
      ...needs('outreach', 'schedule messages'),
      subcommands: {
        list: needs('sales', 'see schedules'),
        history: needs('sales', 'see schedules'),
        help: needs('sales', 'see the help'),
      },
    },
    (args) => handleScheduleCommand(ctx, args),
  );
  table.action<BlockAction<RadioButtonsAction>>(
    SCHEDULE_MODAL.typeActionId,
    needs('outreach', 'schedule messages'),
    (args) => handleScheduleTypeSwitch(ctx, args),
  );
  table.action<BlockButtonAction>(SCHEDULE_MOVE_ACTION, needs('outreach', 'change schedules'), (args) =>
    handleScheduleMove(ctx, args),
  );
  table.action<BlockButtonAction>(SCHEDULE_LIST_PAGE_ACTION, needs('sales', 'see schedules'), (args) =>
    handleScheduleListPage(ctx, args),
  );
  table.action<BlockButtonAction>(SCHEDULE_HISTORY_PAGE_ACTION, needs('sales', 'see schedules'), (args) =>
    handleScheduleHistoryPage(ctx, args),
  );
  table.view<ViewSubmitAction>(SCHEDULE_MODAL.callbackId, needs('outreach', 'schedule messages'), (args) =>
    handleScheduleSubmission(ctx, args),
  );
  table.options(SCHEDULE_MODAL.timezoneActionId, needs('outreach', 'schedule messages'), (args) =>
    handleTimezoneOptions(ctx, args),
  );
}

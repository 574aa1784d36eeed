import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { runScheduleHistory } from './schedule-history-command.js';
import { runScheduleList } from './schedule-list-command.js';
import { openScheduleModal } from './schedule-open.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const SLASH_SCHEDULE = '/schedule';

const USAGE =
  '• `/schedule` opens a form to schedule a WhatsApp message to a custom group\n' +
  '• `/schedule list` shows your schedules, with buttons to pause, resume, cancel or delete them\n' +
  '• `/schedule history <name or id>` shows when a schedule ran and how it went';

/** `/schedule [new] | list [page] | history <name or id> | help`. Each branch acks for itself. */
export async function handleScheduleCommand(ctx: AppContext, args: Args): Promise<void> {
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

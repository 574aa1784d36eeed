import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { buildHelpMessage } from './help-message.js';
import { handleRouteCommand, handleRoutesCommand } from './route-command.js';
import { buildStatusMessage } from './status-message.js';
import { gatherStatusReport } from './status-report.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const SLASH_MOLTFLOW = '/moltflow';

/**
 * `/moltflow help | status | route | routes`. Help and routes are answered in the ack itself; status asks
 * MoltFlow, so it answers after. route/routes live in moltflow-route.ts.
 */
export async function handleMoltflowCommand(ctx: AppContext, args: Args): Promise<void> {
  const { ack, command, respond } = args;
  const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case 'route':
      return handleRouteCommand(ctx, args, rest.join(' '));
    case 'routes':
      return handleRoutesCommand(ctx, args);
    case 'help': {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
      return;
    }
    case 'status': {
      await ack();
      const report = await gatherStatusReport(ctx);
      await respond({ response_type: 'ephemeral', ...buildStatusMessage(report) });
      return;
    }
    default: {
      const typed = escapeMrkdwn([sub, ...rest].join(' ').slice(0, 80));
      await ack({
        response_type: 'ephemeral',
        text: `I don't know \`${typed}\`. Try \`/moltflow help\` to see what I can do, or \`/moltflow status\`.`,
      });
    }
  }
}

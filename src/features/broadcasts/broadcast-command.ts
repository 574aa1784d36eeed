import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { handleBulkList, handleBulkStatus } from './broadcast-list-command.js';
import { openBulkSendModal } from './broadcast-open.js';
import type { BroadcastContext } from './progress-hub.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const SLASH_BULKSEND = '/bulksend';

const USAGE =
  '`/bulksend` opens the broadcast form · `/bulksend list` shows recent broadcasts · ' +
  '`/bulksend status <id>` shows one';

/** `/bulksend` (the form), `list`, `status <id>`, `help`. */
export async function handleBulksendCommand(ctx: BroadcastContext, args: Args): Promise<void> {
  const [sub = '', ...rest] = args.command.text.trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case '':
      return openBulkSendModal(ctx, args);
    case 'list':
      return handleBulkList(ctx, args);
    case 'status': {
      const id = rest[0];
      if (!id) {
        await args.ack({ response_type: 'ephemeral', text: `Which one? ${USAGE}.` });
        return;
      }
      return handleBulkStatus(ctx, args, id);
    }
    case 'help':
      await args.ack({ response_type: 'ephemeral', text: `${USAGE}.` });
      return;
    default: {
      const typed = escapeMrkdwn([sub, ...rest].join(' ').slice(0, 80));
      await args.ack({ response_type: 'ephemeral', text: `I don't know \`${typed}\`. ${USAGE}.` });
    }
  }
}

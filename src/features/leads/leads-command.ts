import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { handleLeadsExport } from './leads-export.js';
import { buildLeadsHelp, buildLeadsProblem } from './leads-help.js';
import { respondWithLeadList } from './leads-list.js';
import { parseLeadsCommand } from './leads-query.js';
import { respondWithLeadDetail } from './leads-show.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const SLASH_LEADS = '/leads';

/**
 * `/leads`: the one router for the command. Help and typing mistakes are answered in the ack itself; lists
 * and details ask MoltFlow after the ack and answer through respond(). `export` and `bulk` belong to their
 * own modules, which ack for themselves (`bulk` is a subcommand registered by leads-bulk).
 */
export async function handleLeadsCommand(ctx: AppContext, args: Args): Promise<void> {
  const request = parseLeadsCommand(args.command.text ?? '');
  switch (request.kind) {
    case 'help':
      await args.ack({ response_type: 'ephemeral', ...buildLeadsHelp() });
      return;
    case 'invalid':
      await args.ack({
        response_type: 'ephemeral',
        text: buildLeadsProblem(request.problem, request.example),
      });
      return;
    case 'export':
      return handleLeadsExport(ctx, args, request.rest);
    case 'bulk': // leads-bulk registers `/leads bulk` as a subcommand; the table routes it there first
      await args.ack({ response_type: 'ephemeral', text: '`/leads bulk` is not available right now.' });
      return;
    case 'show':
      await args.ack();
      return respondWithLeadDetail(ctx, args.respond, request.target);
    case 'list':
      await args.ack();
      return respondWithLeadList(ctx, args.respond, request.filter);
  }
}

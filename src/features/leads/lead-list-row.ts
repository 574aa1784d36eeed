import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { MoltflowHttpError } from '../../api/errors.js';
import { getLead } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import { statusLabel } from '../../domain/pipeline.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { contactName, oneLine } from '../lead-feed/index.js';
import { applyLeadMove } from './apply-lead-move.js';
import { buildLeadDetail } from './lead-detail.js';
import { parseRowChoice } from './lead-list.js';
import { parseListState } from './lead-list-state.js';
import { loadLeadListPage } from './leads-list.js';

type Args = SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs;

/**
 * A row's menu on a `/leads` page. "Show details" answers with the lead's detail below the list; a move
 * goes through the same path as a card button (MoltFlow, then the card and its thread, if the lead has a
 * card), and the page is redrawn with the outcome on top. The page's filters come from the row's block_id.
 */
export async function handleLeadListRow(ctx: AppContext, { ack, action, body, client, respond }: Args) {
  await ack();
  const choice = parseRowChoice(action.selected_option?.value);
  if (choice === null) return;
  const reply = (text: string) => respond({ replace_original: false, response_type: 'ephemeral', text });

  if (choice.kind === 'show') {
    try {
      const lead = await getLead(ctx.moltflowInteractive, choice.leadId);
      await respond({ replace_original: false, response_type: 'ephemeral', ...buildLeadDetail(lead) });
    } catch (err) {
      const gone = err instanceof MoltflowHttpError && err.status === 404;
      await reply(
        gone ? 'That lead no longer exists in MoltFlow.' : describeMoltflowError(err, 'load that lead'),
      );
    }
    return;
  }

  const outcome = await applyLeadMove(ctx, client, {
    leadId: choice.leadId,
    to: choice.to,
    userId: body.user.id,
  });
  const notice = outcome.moved
    ? `:white_check_mark: Marked *${oneLine(contactName(outcome.lead), 80)}* ${statusLabel(outcome.lead.status).toLowerCase()}.`
    : `:warning: ${outcome.refusal}`;
  const state = parseListState(action.block_id);
  if (state === null) {
    await reply(notice);
    return;
  }
  try {
    const page = await loadLeadListPage(ctx.moltflowInteractive, state, notice);
    await respond({ replace_original: true, response_type: 'ephemeral', ...page });
  } catch (err) {
    ctx.logger.info('could not redraw the leads page after a move', { error: err });
    await reply(`${notice}\n${describeMoltflowError(err, 'refresh the list')}`);
  }
}

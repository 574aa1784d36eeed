import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { parseListState } from './lead-list-state.js';
import { loadLeadListPage } from './leads-list.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Prev/Next under a `/leads` page: the button's value holds the filters and the offset to show, and the
 * same ephemeral message is redrawn through the click's response_url. A failure keeps the page as it was
 * and explains in a separate ephemeral line.
 */
export async function handleLeadListPage(ctx: AppContext, { ack, action, respond }: Args): Promise<void> {
  await ack();
  const state = parseListState(action.value);
  if (state === null) return;
  try {
    const page = await loadLeadListPage(ctx.moltflowInteractive, state);
    await respond({ replace_original: true, response_type: 'ephemeral', ...page });
  } catch (err) {
    ctx.logger.info('could not turn the leads page', { error: err });
    const text = describeMoltflowError(err, 'load that page of leads');
    await respond({ replace_original: false, response_type: 'ephemeral', text });
  }
}

import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import type { AppContext } from '../../context.js';
import { md } from '../../slack/blocks.js';
import { countMatching } from './leads-bulk-command.js';
import { bulkCountText } from './leads-bulk-modal.js';
import { BULK_MODAL, encodeBulkMeta, parseBulkMeta, readBulkFilters } from './leads-bulk-modal-state.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * A filter in the bulk modal changed. The picker reads the filters itself when it loads, but the modal
 * also remembers them in private_metadata (in case Slack leaves the inputs out of the picker's request)
 * and shows how many leads now match. Only the count line changes: the rest of the view is sent back as
 * Slack gave it, so nothing the person typed or picked is lost. A `hash` guards against overwriting a
 * newer version of the modal.
 */
export async function handleBulkFilterChange(ctx: AppContext, { ack, body, client }: Args): Promise<void> {
  await ack();
  const view = body.view;
  const meta = parseBulkMeta(view?.private_metadata);
  const filters = readBulkFilters(view?.state);
  if (!view || !meta || !filters) return;
  meta.filters = filters;
  const matching = await countMatching(ctx.moltflowInteractive, filters);
  const blocks = (view.blocks as KnownBlock[]).map((block) =>
    block.block_id === BULK_MODAL.countBlock
      ? { type: 'context' as const, block_id: BULK_MODAL.countBlock, elements: [md(bulkCountText(matching))] }
      : block,
  );
  const next: ModalView = {
    type: 'modal',
    callback_id: view.callback_id,
    title: view.title,
    ...(view.submit ? { submit: view.submit } : {}),
    ...(view.close ? { close: view.close } : {}),
    private_metadata: encodeBulkMeta(meta),
    blocks,
  };
  try {
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  } catch (err) {
    ctx.logger.info('bulk modal changed meanwhile; count not redrawn', { error: err });
  }
}

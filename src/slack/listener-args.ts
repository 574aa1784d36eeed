// Bolt's listener arguments under short names, so handlers say `(ctx, args: ButtonArgs)` instead of
// spelling out Bolt's generic middleware types in every file.
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockButtonAction,
  BlockElementAction,
  BlockOverflowAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewSubmitAction,
} from '@slack/bolt';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type OverflowArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
/** Any block action (select menus, radio buttons …), narrowed by its element type. */
export type BlockActionArgs<A extends BlockElementAction = BlockElementAction> = SlackActionMiddlewareArgs<
  BlockAction<A>
> &
  AllMiddlewareArgs;
export type SubmissionArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type ViewClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** The channel a block action came from: a message's channel, or the container's for ephemeral messages. */
export function channelOf(body: {
  channel?: { id?: string } | undefined;
  container?: { channel_id?: string } | undefined;
}): string | undefined {
  return body.channel?.id ?? body.container?.channel_id;
}

import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { listPoolContacts } from '../../api/custom-group-members.js';
import type { AppContext } from '../../context.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildContactsPage, MEMBERS_PER_PAGE, parseOffsetValue } from './group-members.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** One page of the contact pool, for `/groups contacts` and its Previous/Next buttons. */
export async function buildContactsReply(ctx: AppContext, offset: number) {
  const { contacts, total } = await listPoolContacts(ctx.moltflowInteractive, {
    limit: MEMBERS_PER_PAGE,
    offset,
  });
  return buildContactsPage(contacts, offset, total);
}

export async function handleGroupContactsPage(
  ctx: AppContext,
  { ack, action, respond }: Args,
): Promise<void> {
  await ack();
  const offset = parseOffsetValue(action.value);
  if (offset === null) return;
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...(await buildContactsReply(ctx, offset)),
    });
  } catch (err) {
    const text = describeMoltflowError(err, 'list the contacts');
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

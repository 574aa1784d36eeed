import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { searchTimeZones } from '../../domain/time.js';
import { plain } from '../../slack/blocks.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** The time-zone picker's search: IANA zones matching what was typed, best first, at most 100. */
export async function handleTimezoneOptions(ctx: AppContext, { ack, payload }: Args): Promise<void> {
  const options = searchTimeZones(payload.value, ctx.now(), 100).map((z) => ({
    text: plain(z.label, 75),
    value: z.value,
  }));
  await ack({ options });
}

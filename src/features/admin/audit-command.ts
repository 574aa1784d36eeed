import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { ButtonArgs, CommandArgs } from '../../slack/listener-args.js';
import { buildAuditPage, clampAuditOffset, parseAuditPageValue, TRAIL_VIEW } from './audit-views.js';

/** One page of the trail from the store (no MoltFlow call, so commands answer in the ack itself). */
export async function drawAuditPage(ctx: AppContext, offset: number) {
  const total = await ctx.store.audit.count();
  const start = clampAuditOffset(offset, total);
  const entries = await ctx.store.audit.list({ offset: start, limit: TRAIL_VIEW.pageSize });
  return buildAuditPage({ entries, total, offset: start, retentionDays: ctx.config.retention.auditDays });
}

/** `/moltflow audit [page]` (admins only, by the listener table): page 1 is the newest 20 entries. */
export async function handleAuditCommand(ctx: AppContext, { ack }: CommandArgs, rest: string): Promise<void> {
  const typed = rest.trim();
  if (typed !== '' && !/^\d{1,6}$/.test(typed)) {
    await ack({
      response_type: 'ephemeral',
      text: `\`${escapeMrkdwn(typed.slice(0, 40))}\` is not a page number. Try \`/moltflow audit\` or \`/moltflow audit 2\`.`,
    });
    return;
  }
  const page = typed === '' ? 1 : Math.max(1, Number.parseInt(typed, 10));
  await ack({ response_type: 'ephemeral', ...(await drawAuditPage(ctx, (page - 1) * TRAIL_VIEW.pageSize)) });
}

/** Previous / Next under the trail: the same private message, redrawn with the other page. */
export async function handleAuditPage(ctx: AppContext, { ack, action, respond }: ButtonArgs): Promise<void> {
  await ack();
  const offset = parseAuditPageValue(action.value);
  if (offset === null) return;
  await respond({
    response_type: 'ephemeral',
    replace_original: true,
    ...(await drawAuditPage(ctx, offset)),
  });
}

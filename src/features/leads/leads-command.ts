// `/leads`: the one router for the command, and `/leads show <id or phone>`. Help and typing mistakes are
// answered in the ack itself; lists and details ask MoltFlow after the ack and answer through respond().
import type { RespondFn } from '@slack/bolt';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { MoltflowHttpError } from '../../api/errors.js';
import { getLead, listLeads } from '../../api/leads.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildLeadDetail } from './lead-detail-view.js';
import { respondWithLeadList } from './lead-list.js';
import { handleLeadsExport } from './leads-export.js';
import { buildLeadsHelp, buildLeadsProblem } from './leads-messages.js';
import { type LeadTarget, parseLeadsCommand, USAGE_EXAMPLES } from './leads-query.js';

export const SLASH_LEADS = '/leads';

/**
 * Routes `/leads` by its first word. `export` acks for itself; `bulk` is a subcommand that leads-bulk
 * registers on the listener table, which routes it there before this handler ever sees it.
 */
export async function handleLeadsCommand(ctx: AppContext, args: CommandArgs): Promise<void> {
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
    case 'bulk': // only reached when leads-bulk is not registered
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

// `/leads show`: an id is read directly; a phone is normalised to its digits and found through MoltFlow's
// search (which also matches names and keywords, so the results are filtered on the phone), then read in
// full for the message count.

/** The digits MoltFlow stores for a typed phone: E.164 without `+` when it parses, else what was typed. */
export function phoneDigits(typed: string, region: string | undefined): string {
  const parsed = parsePhoneNumberFromString(typed, (region as CountryCode | undefined) ?? undefined);
  return (parsed?.isPossible() ? parsed.number : typed).replace(/\D/g, '');
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '');

export async function respondWithLeadDetail(
  ctx: AppContext,
  respond: RespondFn,
  target: LeadTarget,
): Promise<void> {
  const client = ctx.moltflowInteractive;
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  try {
    if (target.kind === 'id') {
      const lead = await getLead(client, target.id).catch((err: unknown) => {
        if (err instanceof MoltflowHttpError && err.status === 404) return null;
        throw err;
      });
      if (!lead) {
        const id = escapeMrkdwn(truncate(target.id, 60));
        await reply(`No lead has the id \`${id}\`. Try ${USAGE_EXAMPLES.show}, or \`/leads all\` to browse.`);
        return;
      }
      await respond({ response_type: 'ephemeral', ...buildLeadDetail(lead) });
      return;
    }
    const digits = phoneDigits(target.typed, ctx.config.outreach.defaultPhoneRegion);
    const found = await listLeads(client, { search: digits, limit: 50 });
    // Newest first; a typed national number matches the end of the stored international one.
    const matches = found.leads.filter((l) => {
      const stored = digitsOf(l.phone);
      return stored !== '' && (stored === digits || stored.endsWith(digits) || digits.endsWith(stored));
    });
    const newest = matches[0];
    if (!newest) {
      const typed = escapeMrkdwn(truncate(target.typed, 40));
      await reply(
        `No lead has the phone number ${typed}. Check the number, or try \`/leads search ${digits}\`.`,
      );
      return;
    }
    const lead = await getLead(client, newest.id).catch(() => newest);
    const others = matches.length - 1;
    const notice =
      others > 0
        ? `${others} more lead${others === 1 ? ' has' : 's have'} this number; this is the newest. \`/leads all search ${digits}\` lists them all.`
        : null;
    await respond({ response_type: 'ephemeral', ...buildLeadDetail(lead, { notice }) });
  } catch (err) {
    ctx.logger.info('could not show a lead', { error: err });
    await reply(describeMoltflowError(err, 'look up that lead'));
  }
}

// `/groups show <group>`, and `/groups add|remove <group> [numbers]`: with numbers typed after the group
// the change happens at once; without, the form opens.

import { getCustomGroup } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeLineErrors, parseContactLines } from '../../domain/phones.js';
import { describeGroupError, describeNoMatch } from './group-errors.js';
import { addContacts, removeContacts } from './group-member-changes.js';
import { buildMemberPage } from './group-members.js';
import { openGroupForm } from './group-open-form.js';
import { addedText, removedText } from './group-results.js';
import type { GroupsArgs } from './groups-command.js';
import { inlinePhonesToLines, lookupGroup, splitGroupAndPhones } from './groups-resolve.js';

export async function handleShowCommand(ctx: AppContext, { ack, respond }: GroupsArgs, query: string) {
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, query);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, query)));
    const group = await getCustomGroup(ctx.moltflowInteractive, match.group.id);
    await respond({ response_type: 'ephemeral', ...buildMemberPage(group, 0) });
  } catch (err) {
    await say(describeGroupError(err, 'show the members'));
  }
}

export async function handleMembersCommand(
  ctx: AppContext,
  { ack, command, respond, client }: GroupsArgs,
  mode: 'add' | 'remove',
  rest: string,
): Promise<void> {
  const { groupQuery, phones } = splitGroupAndPhones(rest);
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  if (phones === null) {
    await ack();
    const opened = await openGroupForm(ctx, client, {
      triggerId: command.trigger_id,
      kind: mode,
      query: groupQuery,
      channelId: command.channel_id,
    });
    if (!opened)
      await say(`Slack did not let me open the form in time. Please try \`/groups ${mode}\` again.`);
    return;
  }
  const parsed = parseContactLines(inlinePhonesToLines(phones), ctx.config.outreach.defaultPhoneRegion);
  if (parsed.errors.length > 0) {
    const problems = describeLineErrors(parsed.errors, { inline: true, maxChars: 1000 });
    await ack({ response_type: 'ephemeral', text: `Nothing was changed. ${problems}.` });
    return;
  }
  await ack();
  const doing = mode === 'add' ? 'add the contacts' : 'remove the contacts';
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, groupQuery);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, groupQuery)));
    const { group } = match;
    if (mode === 'remove') {
      const outcome = await removeContacts(
        ctx.moltflowInteractive,
        group.id,
        parsed.contacts.map((c) => c.phone),
      );
      return void (await say(removedText(group.name, outcome, parsed.duplicates)));
    }
    const outcome = await addContacts(ctx.moltflowInteractive, group.id, parsed.contacts);
    if (outcome.sent === 0 && outcome.error !== undefined) {
      return void (await say(describeGroupError(outcome.error, doing, outcome.failedBatch)));
    }
    const stopped =
      outcome.error === undefined
        ? ''
        : ` ${describeGroupError(outcome.error, 'add the rest', outcome.failedBatch)}`;
    await say(addedText(group.name, outcome, parsed.contacts.length, parsed.duplicates) + stopped);
  } catch (err) {
    await say(describeGroupError(err, doing));
  }
}

// `/groups [list | create | show | add | remove | rename | delete | export | contacts | help]`: the router
// and each subcommand. Every answer is private. Instant answers come in the ack; anything that asks
// MoltFlow answers after it.
import { type ExportFormat, getCustomGroup, listAllCustomGroups } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { describeLineErrors, parseContactLines } from '../../domain/phones.js';
import { actorOf } from '../../slack/audit.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { decodeCommandText } from '../../slack/command-text.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { auditMembersAdded, auditMembersFailed, auditMembersRemoved } from './group-audit.js';
import { buildCreateGroupModal } from './group-forms.js';
import { addContacts, removeContacts } from './group-member-changes.js';
import { buildMemberPage } from './group-member-pages.js';
import { buildContactsReply, exportGroup, openGroupForm } from './group-operations.js';
import { addedText, describeGroupError, describeNoMatch, removedText } from './group-text.js';
import { buildDeletePrompt, buildGroupList, buildGroupsHelp } from './group-views.js';
import { inlinePhonesToLines, lookupGroup, splitGroupAndPhones } from './groups-resolve.js';

export const SLASH_GROUPS = '/groups';
const NEEDS_GROUP = new Set(['show', 'add', 'remove', 'rename', 'delete', 'export']);

export async function handleGroupsCommand(ctx: AppContext, args: CommandArgs): Promise<void> {
  const { ack, command, respond, client } = args;
  const text = decodeCommandText(command.text).trim();
  const sub = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
  const rest = text.slice(sub.length).trim();
  const say = (message: string) => respond({ response_type: 'ephemeral', text: message });
  if (NEEDS_GROUP.has(sub) && rest === '') {
    await ack({
      response_type: 'ephemeral',
      text: `Which group? For example \`/groups ${sub} VIP buyers\`. Type \`/groups\` to see your groups.`,
    });
    return;
  }
  switch (sub) {
    case '':
    case 'list': {
      await ack();
      try {
        // Only what this person may use: the change buttons need the outreach role.
        const viewer = { canChange: (await ctx.access.check(client, command.user_id, 'outreach')).allowed };
        await respond({
          response_type: 'ephemeral',
          ...buildGroupList(await listAllCustomGroups(ctx.moltflowInteractive), 0, viewer),
        });
      } catch (err) {
        await say(describeMoltflowError(err, 'list your groups'));
      }
      return;
    }
    case 'help':
      await ack({ response_type: 'ephemeral', ...buildGroupsHelp(ctx.config.outreach.defaultPhoneRegion) });
      return;
    case 'create': {
      await ack();
      const view = buildCreateGroupModal(
        { channelId: command.channel_id },
        ctx.config.outreach.defaultPhoneRegion,
        { name: rest.slice(0, 255) },
      );
      await client.views.open({ trigger_id: command.trigger_id, view }).catch(async (error) => {
        ctx.logger.info('could not open the create-group form', { error });
        await say('Slack did not let me open the form in time. Please try `/groups create` again.');
      });
      return;
    }
    case 'contacts': {
      await ack();
      try {
        await respond({ response_type: 'ephemeral', ...(await buildContactsReply(ctx, 0)) });
      } catch (err) {
        await say(describeMoltflowError(err, 'list the contacts'));
      }
      return;
    }
    case 'show':
      return handleShowCommand(ctx, args, rest);
    case 'add':
    case 'remove':
      return handleMembersCommand(ctx, args, sub, rest);
    case 'rename':
      return handleRenameCommand(ctx, args, rest);
    case 'delete':
      return handleDeleteCommand(ctx, args, rest);
    case 'export':
      return handleExportCommand(ctx, args, rest);
    default:
      await ack({
        response_type: 'ephemeral',
        text: `I don't know \`${escapeMrkdwn(sub.slice(0, 40))}\`. Try \`/groups help\` to see what I can do.`,
      });
  }
}

// --- Members: `/groups show <group>`, and `/groups add|remove <group> [numbers]` ---
// With numbers typed after the group the change happens at once; without, the form opens.

async function handleShowCommand(ctx: AppContext, { ack, respond }: CommandArgs, query: string) {
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

async function handleMembersCommand(
  ctx: AppContext,
  { ack, command, respond, client }: CommandArgs,
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
  const actor = actorOf({ command });
  const asked = parsed.contacts.length;
  let group: { id: string; name: string } | undefined;
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, groupQuery);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, groupQuery)));
    group = match.group;
    if (mode === 'remove') {
      const outcome = await removeContacts(
        ctx.moltflowInteractive,
        group.id,
        parsed.contacts.map((c) => c.phone),
      );
      await auditMembersRemoved(ctx, actor, group, asked, outcome);
      return void (await say(removedText(group.name, outcome, parsed.duplicates)));
    }
    const outcome = await addContacts(ctx.moltflowInteractive, group.id, parsed.contacts);
    await auditMembersAdded(ctx, actor, group, asked, outcome);
    if (outcome.sent === 0 && outcome.error !== undefined) {
      return void (await say(describeGroupError(outcome.error, doing, outcome.failedBatch)));
    }
    const stopped =
      outcome.error === undefined
        ? ''
        : ` ${describeGroupError(outcome.error, 'add the rest', outcome.failedBatch)}`;
    await say(addedText(group.name, outcome, parsed.contacts.length, parsed.duplicates) + stopped);
  } catch (err) {
    // Only a change MoltFlow refused is a failed action; not finding the group changed nothing.
    if (group) await auditMembersFailed(ctx, actor, mode, group, asked, err);
    await say(describeGroupError(err, doing));
  }
}

// --- Manage: `/groups rename | delete | export <group>` ---
// Delete is limited by OUTREACH_ALLOWED and answers with a prompt whose button asks once more, naming the
// member count; the click does the deleting.

async function handleRenameCommand(
  ctx: AppContext,
  { ack, command, respond, client }: CommandArgs,
  query: string,
) {
  await ack();
  const opened = await openGroupForm(ctx, client, {
    triggerId: command.trigger_id,
    kind: 'rename',
    query,
    channelId: command.channel_id,
  });
  if (!opened) {
    await respond({
      response_type: 'ephemeral',
      text: 'Slack did not let me open the form in time. Please try `/groups rename` again.',
    });
  }
}

async function handleDeleteCommand(ctx: AppContext, { ack, respond }: CommandArgs, query: string) {
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, query);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, query)));
    await respond({ response_type: 'ephemeral', ...buildDeletePrompt(match.group) });
  } catch (err) {
    await say(describeGroupError(err, 'look up the group'));
  }
}

async function handleExportCommand(
  ctx: AppContext,
  { ack, command, respond, client }: CommandArgs,
  rest: string,
) {
  const m = /^(.*?)(?:\s+(csv|json))?$/i.exec(rest);
  const query = (m?.[1] ?? rest).trim();
  const format = (m?.[2]?.toLowerCase() ?? 'csv') as ExportFormat;
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, query);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, query)));
    const text = await exportGroup(ctx, client, {
      groupId: match.group.id,
      format,
      userId: command.user_id,
      teamId: command.team_id,
    });
    await say(text);
  } catch (err) {
    await say(describeGroupError(err, 'look up the group'));
  }
}

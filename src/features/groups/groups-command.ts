import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { listAllCustomGroups } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { decodeCommandText } from '../../slack/command-text.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import { buildContactsReply } from './group-contacts-page.js';
import { buildGroupsHelp } from './group-help.js';
import { buildGroupList } from './group-list.js';
import { buildCreateGroupModal } from './group-modals.js';
import { handleDeleteCommand, handleExportCommand, handleRenameCommand } from './groups-manage.js';
import { handleMembersCommand, handleShowCommand } from './groups-members.js';

export type GroupsArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const SLASH_GROUPS = '/groups';
const NEEDS_GROUP = new Set(['show', 'add', 'remove', 'rename', 'delete', 'export']);

/**
 * `/groups [list | create | show | add | remove | rename | delete | export | contacts | help]`. Every answer
 * is private. Instant answers come in the ack; anything that asks MoltFlow answers after it.
 */
export async function handleGroupsCommand(ctx: AppContext, args: GroupsArgs): Promise<void> {
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
        await respond({
          response_type: 'ephemeral',
          ...buildGroupList(await listAllCustomGroups(ctx.moltflowInteractive)),
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

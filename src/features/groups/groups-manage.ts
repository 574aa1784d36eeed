// `/groups rename | delete | export <group>`. Delete is limited by OUTREACH_ALLOWED and answers with a
// prompt whose button asks once more, naming the member count; the click does the deleting.

import type { ExportFormat } from '../../api/custom-groups.js';
import type { AppContext } from '../../context.js';
import { buildDeletePrompt } from './group-delete-view.js';
import { describeGroupError, describeNoMatch } from './group-errors.js';
import { exportGroup } from './group-export.js';
import { openGroupForm } from './group-open-form.js';
import type { GroupsArgs } from './groups-command.js';
import { lookupGroup } from './groups-resolve.js';

export async function handleRenameCommand(
  ctx: AppContext,
  { ack, command, respond, client }: GroupsArgs,
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

export async function handleDeleteCommand(
  ctx: AppContext,
  { ack, command, respond, client }: GroupsArgs,
  query: string,
) {
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  if (!(await ctx.outreach.allows(client, command.user_id))) {
    await say(ctx.outreach.refusal('deleting contact groups'));
    return;
  }
  try {
    const match = await lookupGroup(ctx.moltflowInteractive, query);
    if (match.kind !== 'found') return void (await say(describeNoMatch(match, query)));
    await respond({ response_type: 'ephemeral', ...buildDeletePrompt(match.group) });
  } catch (err) {
    await say(describeGroupError(err, 'look up the group'));
  }
}

export async function handleExportCommand(
  ctx: AppContext,
  { ack, command, respond, client }: GroupsArgs,
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
      channelId: command.channel_id,
      userId: command.user_id,
    });
    if (text) await say(text);
  } catch (err) {
    await say(describeGroupError(err, 'look up the group'));
  }
}

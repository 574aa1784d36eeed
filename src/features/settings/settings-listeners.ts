// Opening and saving the workspace settings modal. No MoltFlow call anywhere: the poll floor comes from the
// plan stored when the key was connected (or the env budget), so the submit is checked and saved in the ack.
import type { ModalView } from '@slack/types';
import { auditFrom } from '../../slack/audit.js';
import type { ButtonArgs, CommandArgs, SubmissionArgs } from '../../slack/listener-args.js';
import type { AccessLists, WorkspacePreferences, WorkspaceSettings } from '../../store/workspace-settings.js';
import {
  buildSettingsModal,
  buildSettingsSavedModal,
  type PollBudget,
  parseSettingsSubmission,
} from './settings-views.js';
import { requestLimitOf, type SettingsContext, workspaceOf, workspaceSettings } from './workspace.js';

async function pollBudget(ctx: SettingsContext, settings: WorkspaceSettings): Promise<PollBudget> {
  const connection = await settings.connection().catch(() => undefined);
  return { requestsPerMinute: await requestLimitOf(settings, ctx), planName: connection?.planName ?? null };
}

export async function settingsModalFor(ctx: SettingsContext, workspaceId: string): Promise<ModalView> {
  const settings = workspaceSettings(ctx, workspaceId);
  return buildSettingsModal(await settings.preferences(), await pollBudget(ctx, settings));
}

/** Opens the modal from a button (App Home's admin section) with its trigger_id. */
export async function openWorkspaceSettings(ctx: SettingsContext, args: ButtonArgs): Promise<void> {
  await args.ack();
  const view = await settingsModalFor(ctx, workspaceOf(args.body));
  await args.client.views
    .open({ trigger_id: args.body.trigger_id, view })
    .catch((error) => ctx.logger.warn('could not open the settings modal', { error }));
}

/** `/moltflow settings`: the same modal from a slash command. */
export async function openSettingsFromCommand(ctx: SettingsContext, args: CommandArgs): Promise<void> {
  await args.ack();
  const view = await settingsModalFor(ctx, args.command.team_id);
  await args.client.views
    .open({ trigger_id: args.command.trigger_id, view })
    .catch((error) => ctx.logger.warn('could not open the settings modal', { error }));
}

export async function handleSettingsSubmission(ctx: SettingsContext, args: SubmissionArgs): Promise<void> {
  const { ack, body, view } = args;
  const settings = workspaceSettings(ctx, workspaceOf(body));
  const checked = parseSettingsSubmission(view.state.values, await pollBudget(ctx, settings));
  if (!checked.ok) {
    await ack({ response_action: 'errors', errors: checked.errors });
    return;
  }
  const before = await settings.preferences();
  await settings.updatePreferences(checked.prefs);
  const changes = describeChanges(before, checked.prefs);
  await ack({ response_action: 'update', view: buildSettingsSavedModal(changes.map((c) => c.label)) });
  for (const change of changes) {
    await auditFrom(
      ctx,
      { body },
      { action: 'settings.changed', target: change.label, detail: change.detail },
    );
  }
  if (changes.length > 0) {
    ctx.logger.info('workspace settings changed', { fields: changes.map((c) => c.label), by: body.user.id });
    // Open Homes redraw; the workspace fleet may rebuild the workspace with them.
    ctx.changes?.emit('settings');
  }
}

interface Change {
  label: string;
  /** Ids and numbers only: the trail keeps no names. */
  detail: string;
}

const listDetail = (ids: readonly string[]) => (ids.length > 0 ? ids.join(' ') : 'none').slice(0, 160);
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

function describeChanges(before: WorkspacePreferences, after: Required<WorkspacePreferences>): Change[] {
  const changes: Change[] = [];
  if (before.leadsChannel !== after.leadsChannel) {
    changes.push({
      label: 'leads channel',
      detail: `${before.leadsChannel ?? 'none'} → ${after.leadsChannel}`,
    });
  }
  for (const role of ['admin', 'outreach', 'sales'] as const satisfies (keyof AccessLists)[]) {
    if (!sameList(before.access[role], after.access[role])) {
      changes.push({ label: `${role} access`, detail: listDetail(after.access[role]) });
    }
  }
  if (before.backfillHours !== after.backfillHours) {
    changes.push({ label: 'backfill hours', detail: `${before.backfillHours} → ${after.backfillHours}` });
  }
  if (before.pollIntervalSeconds !== after.pollIntervalSeconds) {
    changes.push({
      label: 'poll interval',
      detail: `${before.pollIntervalSeconds} s → ${after.pollIntervalSeconds} s`,
    });
  }
  return changes;
}

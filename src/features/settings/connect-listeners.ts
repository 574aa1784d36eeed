// Opening and submitting "Connect MoltFlow". The submit acks at once with "Checking your key…" (the check is
// a MoltFlow call and must never delay the 3-second ack), then checks the key and updates the modal to the
// result. The key is stored only after a successful check; a double submit of one modal checks once.
import type { ModalView } from '@slack/types';
import type { MissingAccess } from '../../api/account/key-check.js';
import { actorOf, auditFrom } from '../../slack/audit.js';
import type { ButtonArgs, CommandArgs, SubmissionArgs } from '../../slack/listener-args.js';
import { maskedKey } from '../../store/workspace-settings.js';
import {
  buildCheckingModal,
  buildConnectedModal,
  buildConnectModal,
  buildNoEncryptionModal,
  type ConnectProblem,
  parseConnectSubmission,
} from './connect-views.js';
import { runKeyCheck, type SettingsContext, workspaceOf, workspaceSettings } from './workspace.js';

/** The modal to open: the form (with the current connection, if any), or why keys cannot be stored here. */
export async function connectModalFor(ctx: SettingsContext, workspaceId: string): Promise<ModalView> {
  if (!ctx.secrets) return buildNoEncryptionModal();
  const current = await workspaceSettings(ctx, workspaceId).connection();
  return buildConnectModal(current ? { current } : {});
}

/** Opens the modal from a button (App Home's admin section) with its trigger_id. */
export async function openConnectMoltflow(ctx: SettingsContext, args: ButtonArgs): Promise<void> {
  await args.ack();
  const view = await connectModalFor(ctx, workspaceOf(args.body));
  await args.client.views
    .open({ trigger_id: args.body.trigger_id, view })
    .catch((error) => ctx.logger.warn('could not open the Connect MoltFlow modal', { error }));
}

/** `/moltflow connect`: the same modal from a slash command. */
export async function openConnectFromCommand(ctx: SettingsContext, args: CommandArgs): Promise<void> {
  await args.ack();
  const view = await connectModalFor(ctx, args.command.team_id);
  await args.client.views
    .open({ trigger_id: args.command.trigger_id, view })
    .catch((error) => ctx.logger.warn('could not open the Connect MoltFlow modal', { error }));
}

export async function handleConnectSubmission(ctx: SettingsContext, args: SubmissionArgs): Promise<void> {
  const { ack, body, view, client } = args;
  const parsed = parseConnectSubmission(view.state.values);
  if (!parsed.ok) {
    await ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  if (!ctx.secrets) {
    await ack({ response_action: 'update', view: buildNoEncryptionModal() });
    return;
  }
  const { apiKey } = parsed;
  const workspaceId = workspaceOf(body);
  const claim = `settings-connect:${workspaceId}:${view.id}`;
  // Either way the person sees "Checking…": the first submit's check updates this view when it ends.
  const first = await ctx.store.idempotency.claim(claim, ctx.now());
  await ack({ response_action: 'update', view: buildCheckingModal() });
  if (!first) return;

  const settings = workspaceSettings(ctx, workspaceId);
  const target = maskedKey(apiKey.slice(-4));
  const show = (next: ModalView) =>
    client.views
      .update({ view_id: view.id, view: next })
      .catch((error) => ctx.logger.warn('could not update the Connect MoltFlow modal', { error }));
  const refuse = async (problem: ConnectProblem, detail: string) => {
    await ctx.store.idempotency.release(claim);
    await auditFrom(ctx, { body }, { action: 'moltflow.connected', target, outcome: 'failed', detail });
    const current = await settings.connection().catch(() => undefined);
    await show(buildConnectModal({ problem, ...(current ? { current } : {}) }));
  };

  try {
    const result = await runKeyCheck(ctx, apiKey);
    if (result.outcome === 'invalid')
      return await refuse({ kind: 'invalid' }, 'MoltFlow refused the key (401)');
    if (result.outcome === 'unreachable') {
      return await refuse(
        { kind: 'unreachable', reason: result.reason },
        `MoltFlow unreachable (${result.reason})`,
      );
    }
    // Refused only when the lead feed itself cannot work; anything else connects with a warning.
    const blocking = result.missing.find((m) => m.essential);
    if (blocking) {
      return await refuse({ kind: 'lead_feed', missing: blocking }, `missing ${blocking.scopes.join(', ')}`);
    }
    const connection = await settings.connect(apiKey, {
      plan: result.plan?.id ?? null,
      planName: result.plan?.name ?? null,
      requestsPerMinute: result.requestsPerMinute,
      connectedBy: actorOf({ body }).user,
      connectedAt: ctx.now(),
      missingScopes: result.missing.flatMap((m) => m.scopes),
    });
    // Told before anything else can fail: the key is stored, so open Homes (and the fleet) must know.
    ctx.changes?.emit('settings');
    await auditFrom(
      ctx,
      { body },
      { action: 'moltflow.connected', target, detail: connectedDetail(connection.planName, result.missing) },
    );
    ctx.logger.info('MoltFlow connected', {
      workspace: workspaceId,
      plan: connection.plan,
      missingScopes: connection.missingScopes,
      by: body.user.id,
    });
    await show(buildConnectedModal(connection, result.missing));
  } catch (error) {
    ctx.logger.warn('the MoltFlow key check failed', { error });
    await refuse({ kind: 'failed' }, 'unexpected error');
  }
}

function connectedDetail(planName: string | null, missing: readonly MissingAccess[]): string {
  const plan = planName ? `${planName} plan` : 'plan unknown';
  const scopes = missing.flatMap((m) => m.scopes);
  return scopes.length > 0 ? `${plan}; missing ${scopes.join(', ')}` : plan;
}

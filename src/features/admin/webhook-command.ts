import { createWebhook, deleteWebhook, listWebhooks, type MoltflowWebhook } from '../../api/sessions.js';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import { auditFailure, auditFrom, auditTarget } from '../../slack/audit.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { describeMoltflowError } from '../../slack/refusal-text.js';
import {
  buildSetupProblemText,
  buildWebhookMessage,
  PUSH_WEBHOOK,
  type SetupProblem,
  type WebhookView,
} from './webhook-views.js';

/**
 * `/moltflow webhook [register | remove]`: shows, registers or removes the MoltFlow webhook that feeds push
 * mode. "This app's webhook" is the one whose URL is `${PUBLIC_URL}/moltflow/webhook`; other webhooks on the
 * account are counted, never touched. A setup that cannot work is refused in the ack, before any MoltFlow call.
 */
export async function handleWebhookCommand(ctx: AppContext, args: CommandArgs, rest: string): Promise<void> {
  switch (rest.trim().toLowerCase()) {
    case '':
      return showWebhook(ctx, args);
    case 'register':
      return registerWebhook(ctx, args);
    case 'remove':
      return removeWebhook(ctx, args);
    default: {
      const typed = escapeMrkdwn(rest.trim().slice(0, 80));
      await args.ack({
        response_type: 'ephemeral',
        text: `I don't know \`/moltflow webhook ${typed}\`. Try \`/moltflow webhook\`, \`/moltflow webhook register\` or \`/moltflow webhook remove\`.`,
      });
    }
  }
}

/** What stands between this configuration and a webhook MoltFlow can call and the app can verify. */
export function setupProblems(config: Config): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (!config.publicUrl) problems.push('no_public_url');
  else if (!/^https:\/\//i.test(config.publicUrl)) problems.push('not_https');
  if (!config.moltflow.webhookSecret) problems.push('no_secret');
  return problems;
}

function pushUrl(config: Config): string | null {
  return config.publicUrl ? `${config.publicUrl}${config.moltflow.webhookPath}` : null;
}

const sameUrl = (a: string, b: string) => a.trim().replace(/\/+$/, '') === b.replace(/\/+$/, '');

async function readView(ctx: AppContext): Promise<WebhookView> {
  const all = await listWebhooks(ctx.moltflowInteractive);
  const url = pushUrl(ctx.config);
  const mine = url ? all.filter((w) => sameUrl(w.url, url)) : [];
  return { url, mine, others: all.length - mine.length, problems: setupProblems(ctx.config) };
}

async function showWebhook(ctx: AppContext, { ack, respond }: CommandArgs): Promise<void> {
  await ack();
  try {
    const view = await readView(ctx);
    await respond({ response_type: 'ephemeral', ...buildWebhookMessage(view) });
  } catch (err) {
    await respond({
      response_type: 'ephemeral',
      text: describeMoltflowError(err, 'read MoltFlow’s webhooks'),
    });
  }
}

async function registerWebhook(ctx: AppContext, args: CommandArgs): Promise<void> {
  const { ack, command, respond } = args;
  const problems = setupProblems(ctx.config);
  const url = pushUrl(ctx.config);
  const secret = ctx.config.moltflow.webhookSecret;
  if (problems.length > 0 || !url || !secret) {
    const text = buildSetupProblemText(problems, 'register the webhook');
    await ack({ response_type: 'ephemeral', text });
    return;
  }
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  const failed = async (err: unknown) => {
    await auditFrom(ctx, { command }, auditFailure('webhook.registered', auditTarget('webhook', url), err));
    return say(describeMoltflowError(err, 'register the webhook'));
  };
  let view: WebhookView;
  try {
    view = await readView(ctx);
  } catch (err) {
    return void (await failed(err));
  }
  if (view.mine.length > 0) {
    const notice = ':information_source: This app’s webhook is already registered, so nothing was changed.';
    await respond({ response_type: 'ephemeral', ...buildWebhookMessage({ ...view, notice }) });
    return;
  }
  let created: MoltflowWebhook;
  try {
    created = await createWebhook(ctx.moltflowInteractive, { ...PUSH_WEBHOOK, url, secret });
  } catch (err) {
    return void (await failed(err));
  }
  await auditFrom(
    ctx,
    { command },
    { action: 'webhook.registered', target: auditTarget(created.id, url), detail: created.events.join(', ') },
  );
  ctx.logger.info('MoltFlow webhook registered', { webhookId: created.id, url, by: command.user_id });
  const notice = `:white_check_mark: <@${command.user_id}> registered the webhook: MoltFlow now pushes new leads to this app.`;
  await respond({ response_type: 'ephemeral', ...buildWebhookMessage({ ...view, mine: [created], notice }) });
}

async function removeWebhook(ctx: AppContext, args: CommandArgs): Promise<void> {
  const { ack, command, respond } = args;
  const url = pushUrl(ctx.config);
  if (!url) {
    await ack({
      response_type: 'ephemeral',
      text: buildSetupProblemText(['no_public_url'], 'tell which webhook is this app’s'),
    });
    return;
  }
  await ack();
  const say = (text: string) => respond({ response_type: 'ephemeral', text });
  let view: WebhookView;
  try {
    view = await readView(ctx);
  } catch (err) {
    await auditFrom(ctx, { command }, auditFailure('webhook.removed', auditTarget('webhook', url), err));
    return void (await say(describeMoltflowError(err, 'remove the webhook')));
  }
  if (view.mine.length === 0) {
    const notice = ':information_source: Nothing to remove: no webhook is registered for this app.';
    await respond({ response_type: 'ephemeral', ...buildWebhookMessage({ ...view, notice }) });
    return;
  }
  // Normally one; a second one made by hand in MoltFlow's dashboard would double every delivery.
  for (const webhook of view.mine) {
    const target = auditTarget(webhook.id, url);
    try {
      await deleteWebhook(ctx.moltflowInteractive, webhook.id);
    } catch (err) {
      await auditFrom(ctx, { command }, auditFailure('webhook.removed', target, err));
      return void (await say(describeMoltflowError(err, 'remove the webhook')));
    }
    await auditFrom(ctx, { command }, { action: 'webhook.removed', target });
    ctx.logger.info('MoltFlow webhook removed', { webhookId: webhook.id, by: command.user_id });
  }
  const notice = `:wastebasket: <@${command.user_id}> removed the webhook: new leads arrive by polling only.`;
  await respond({ response_type: 'ephemeral', ...buildWebhookMessage({ ...view, mine: [], notice }) });
}

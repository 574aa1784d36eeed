import { MoltflowConnectionError, MoltflowHttpError } from '../../api/errors.js';
import { listSessions } from '../../api/sessions.js';
import type { AppContext } from '../../context.js';
import { REPLICA_PREFIX } from '../../replica.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { CommandArgs } from '../../slack/listener-args.js';
import { POLL_LEASE } from '../lead-feed/index.js';
import type { StatusReport } from './admin-messages.js';
import { buildHelpMessage, buildStatusMessage } from './admin-messages.js';
import { handleAuditCommand } from './audit-command.js';
import { handleRouteCommand, handleRoutesCommand } from './routes-command.js';
import { handleWebhookCommand } from './webhook-command.js';

export const SLASH_MOLTFLOW = '/moltflow';

/**
 * `/moltflow help | status | route | routes | audit | webhook`. Help, routes and audit are answered in the ack
 * itself; status asks MoltFlow, so it answers after. route/routes live in routes-command.ts, audit in
 * audit-command.ts, webhook in webhook-command.ts.
 */
export async function handleMoltflowCommand(ctx: AppContext, args: CommandArgs): Promise<void> {
  const { ack, command, respond } = args;
  const [sub = 'help', ...rest] = command.text.trim().split(/\s+/).filter(Boolean);
  switch (sub.toLowerCase()) {
    case 'route':
      return handleRouteCommand(ctx, args, rest.join(' '));
    case 'routes':
      return handleRoutesCommand(ctx, args);
    case 'audit':
      return handleAuditCommand(ctx, args, rest.join(' '));
    case 'webhook':
      return handleWebhookCommand(ctx, args, rest.join(' '));
    case 'help': {
      await ack({ response_type: 'ephemeral', ...buildHelpMessage() });
      return;
    }
    case 'status': {
      await ack();
      const report = await gatherStatusReport(ctx);
      await respond({ response_type: 'ephemeral', ...buildStatusMessage(report) });
      return;
    }
    default: {
      const typed = escapeMrkdwn([sub, ...rest].join(' ').slice(0, 80));
      await ack({
        response_type: 'ephemeral',
        text: `I don't know \`${typed}\`. Try \`/moltflow help\` to see what I can do, or \`/moltflow status\`.`,
      });
    }
  }
}

/** Asks MoltFlow one question (the session list), which also proves the key works, and adds what we know. */
export async function gatherStatusReport(ctx: AppContext): Promise<StatusReport> {
  let moltflow: StatusReport['moltflow'] = { state: 'ok' };
  let sessions: StatusReport['sessions'] = null;
  try {
    const all = await listSessions(ctx.moltflowInteractive);
    sessions = all
      .filter((s) => s.status === 'working')
      .map((s) => ({ name: s.name, status: s.status, phoneNumber: s.phoneNumber }));
  } catch (err) {
    moltflow = describe(err);
  }
  const poller = await ctx.store.getPollerState();
  const leases = await ctx.replica.leases();
  const pending = await ctx.store.listPending();
  const budget = ctx.moltflow.budgetSnapshot();
  const stats = ctx.push?.stats;
  return {
    moltflow,
    sessions,
    poller: {
      schedule: ctx.config.leads.pollCron,
      lastRunAt: poller.lastRunAt,
      lastRunOk: poller.lastRunOk,
      lastError: poller.lastError,
      lastPostedCount: poller.lastPostedCount,
      totalPosted: poller.totalPosted,
      leadsChannel: ctx.config.leads.channel ?? null,
      pending: { count: pending.length, oldestSince: pending[0]?.pendingSince ?? null },
    },
    budget: {
      limitPerMinute: budget.limitPerMinute,
      usedInWindow: budget.usedInWindow,
      remaining: budget.remaining,
      pausedUntil: budget.pausedUntil,
    },
    // Without a secret the endpoint answers 404, so push mode is off whatever MoltFlow has registered.
    push:
      ctx.config.moltflow.webhookSecret && stats
        ? {
            state: 'on',
            accepted: stats.accepted,
            refused: stats.refused,
            lastDeliveryAt: stats.lastDeliveryAt,
          }
        : { state: 'off' },
    replicas: {
      backend: ctx.store.backend,
      self: ctx.replica.id,
      live: leases.filter((l) => l.name.startsWith(REPLICA_PREFIX)).map((l) => l.holder),
      poller: leases.find((l) => l.name === POLL_LEASE)?.holder ?? null,
      followers: leases
        .filter((l) => l.name.startsWith('broadcast:'))
        .map((l) => ({ jobId: l.name.slice('broadcast:'.length), holder: l.holder })),
    },
  };
}

function describe(err: unknown): StatusReport['moltflow'] {
  if (err instanceof MoltflowHttpError) {
    if (err.status === 401) return { state: 'invalid_key' };
    if (err.status === 403) return { state: 'forbidden', detail: err.detail };
    if (err.status >= 500) return { state: 'down', reason: `HTTP ${err.status}` };
    return { state: 'error', reason: `HTTP ${err.status}: ${err.detail}` };
  }
  if (err instanceof MoltflowConnectionError) return { state: 'down', reason: err.message };
  return { state: 'error', reason: err instanceof Error ? err.message : String(err) };
}

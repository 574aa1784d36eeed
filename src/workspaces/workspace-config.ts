// A workspace's configuration in OAuth mode: the environment's values are the defaults, and what the
// workspace's admins set from the Home tab (its leads channel, access lists, backfill, poll interval, and the
// request limit of its MoltFlow plan) replaces them for that workspace only. The result has the same shape
// as the single-workspace Config, so every feature reads it the same way.
import type { Config } from '../config.js';

export interface WorkspaceOverrides {
  workspaceId: string;
  leadsChannel?: string | undefined;
  access?: { admin: readonly string[]; outreach: readonly string[]; sales: readonly string[] } | undefined;
  backfillHours?: number | undefined;
  pollIntervalSeconds?: number | undefined;
  /** The connected plan's requests per minute (the budget paces every call of this workspace by it). */
  rateLimitPerMin?: number | undefined;
  /** This workspace's own webhook secret; deliveries arrive at <base path>/<workspace id>. */
  webhookSecret?: string | undefined;
}

/** node-cron for "every N seconds": seconds under a minute, whole minutes above (rounded, at most hourly). */
export function pollCronEvery(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 1)
    throw new Error(`poll interval must be ≥ 1 s, got ${seconds}`);
  if (seconds < 60) return `*/${Math.round(seconds)} * * * * *`;
  const minutes = Math.min(60, Math.max(1, Math.round(seconds / 60)));
  return minutes === 60 ? '0 0 * * * *' : `0 */${minutes} * * * *`;
}

export function workspaceConfig(base: Config, o: WorkspaceOverrides): Config {
  const config: Config = {
    ...base,
    moltflow: {
      ...base.moltflow,
      rateLimitPerMin: o.rateLimitPerMin ?? base.moltflow.rateLimitPerMin,
      webhookSecret: o.webhookSecret,
      webhookPath:
        o.workspaceId === '' ? base.moltflow.webhookPath : `${base.moltflow.webhookPath}/${o.workspaceId}`,
    },
    leads: {
      channel: o.leadsChannel ?? base.leads.channel,
      pollCron:
        o.pollIntervalSeconds === undefined ? base.leads.pollCron : pollCronEvery(o.pollIntervalSeconds),
      backfillHours: o.backfillHours ?? base.leads.backfillHours,
    },
    access: o.access
      ? { admin: [...o.access.admin], outreach: [...o.access.outreach], sales: [...o.access.sales] }
      : base.access,
  };
  return Object.freeze(config);
}

import { validate } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { pollCronEvery, workspaceConfig } from '../../src/workspaces/workspace-config.js';

const base = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-base',
  SLACK_SIGNING_SECRET: 'signing-secret-123',
  MOLTFLOW_API_KEY: 'mf_env_key_123',
  LEADS_CHANNEL: 'C0DEFAULT',
  ACCESS_ADMIN: 'U0ENVADMIN',
});

describe('workspaceConfig', () => {
  it("puts a workspace's own settings over the environment's defaults, for that workspace only", () => {
    const config = workspaceConfig(base, {
      workspaceId: 'T0AAA',
      leadsChannel: 'C0AAA',
      access: { admin: ['U0A'], outreach: [], sales: ['S0SALES'] },
      backfillHours: 6,
      pollIntervalSeconds: 120,
      rateLimitPerMin: 40,
      webhookSecret: 'whsec_for_workspace_a_0001',
    });
    expect(config.leads).toEqual({ channel: 'C0AAA', pollCron: '0 */2 * * * *', backfillHours: 6 });
    expect(config.access).toEqual({ admin: ['U0A'], outreach: [], sales: ['S0SALES'] });
    expect(config.moltflow.rateLimitPerMin).toBe(40);
    expect(config.moltflow.webhookPath).toBe('/moltflow/webhook/T0AAA');
    expect(config.moltflow.webhookSecret).toBe('whsec_for_workspace_a_0001');
    expect(Object.isFrozen(config)).toBe(true);
    expect(base.leads.channel).toBe('C0DEFAULT');
  });

  it('keeps the defaults where nothing is set, but never the environment webhook secret', () => {
    const config = workspaceConfig(base, { workspaceId: 'T0BBB' });
    expect(config.leads).toEqual(base.leads);
    expect(config.access).toEqual(base.access);
    expect(config.moltflow.webhookSecret).toBeUndefined();
  });
});

describe('pollCronEvery', () => {
  it.each([
    [30, '*/30 * * * * *'],
    [60, '0 */1 * * * *'],
    [300, '0 */5 * * * *'],
    [3600, '0 0 * * * *'],
    [7200, '0 0 * * * *'],
  ])('%i s → %s, a valid node-cron expression', (seconds, cron) => {
    expect(pollCronEvery(seconds)).toBe(cron);
    expect(validate(cron)).toBe(true);
  });

  it('refuses nonsense', () => {
    expect(() => pollCronEvery(0)).toThrow(/≥ 1 s/);
    expect(() => pollCronEvery(Number.NaN)).toThrow();
  });
});

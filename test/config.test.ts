import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const base = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  SLACK_SIGNING_SECRET: 'abcdef0123456789',
  MOLTFLOW_API_KEY: 'mf_abcdef123456',
  LEADS_CHANNEL: 'C0123ABCD',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(base);
    expect(config.port).toBe(3000);
    expect(config.moltflow.baseUrl).toBe('https://apiv2.waiflow.app/api/v2');
    expect(config.moltflow.rateLimitPerMin).toBe(10);
    expect(config.leads.pollCron).toBe('*/30 * * * * *');
    expect(config.leads.backfillHours).toBe(24);
    expect(config.databaseUrl).toBe('sqlite:./data/moltflow-slack.db');
    expect(config.slack.socketMode).toBe(false);
    expect(Object.isFrozen(config.slack)).toBe(true);
  });

  it('switches to Socket Mode when SLACK_APP_TOKEN is set, without needing a signing secret', () => {
    const config = loadConfig({ ...base, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1-A-2' });
    expect(config.slack.socketMode).toBe(true);
  });

  it('takes a Postgres DATABASE_URL and a REPLICA_ID for several replicas', () => {
    const config = loadConfig({
      ...base,
      DATABASE_URL: 'postgres://app:secret@db.internal:5432/moltflow',
      REPLICA_ID: 'web-2',
    });
    expect(config.databaseUrl).toBe('postgres://app:secret@db.internal:5432/moltflow');
    expect(config.replicaId).toBe('web-2');
    expect(loadConfig(base).replicaId).toBeUndefined();
  });

  it.each([
    ['SLACK_BOT_TOKEN', undefined, /SLACK_BOT_TOKEN is required/],
    ['SLACK_BOT_TOKEN', 'xoxp-user', /SLACK_BOT_TOKEN must start with xoxb-/],
    ['MOLTFLOW_API_KEY', undefined, /MOLTFLOW_API_KEY is required/],
    ['LEADS_CHANNEL', '#leads', /LEADS_CHANNEL must be a channel id/],
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['MOLTFLOW_RATE_LIMIT_PER_MIN', '0', /MOLTFLOW_RATE_LIMIT_PER_MIN/],
    ['LEAD_POLL_CRON', 'every minute', /LEAD_POLL_CRON is not a valid cron/],
    ['MOLTFLOW_BASE_URL', 'not a url', /MOLTFLOW_BASE_URL must be a URL/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL must look like sqlite:.* or postgres:\/\//],
    ['REPLICA_ID', 'web 1', /REPLICA_ID must be 1–64 letters/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('names %s when it is %s', (name, value, message) => {
    const env: Record<string, string | undefined> = { ...base, [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('requires the signing secret in HTTP mode', () => {
    expect(() => loadConfig({ ...base, SLACK_SIGNING_SECRET: undefined })).toThrow(
      /SLACK_SIGNING_SECRET is required/,
    );
  });

  it('never puts a secret value into its error message', () => {
    try {
      loadConfig({ ...base, SLACK_BOT_TOKEN: 'xoxp-secret-value-123', MOLTFLOW_API_KEY: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain('xoxp-secret-value-123');
      expect(String(err)).toMatch(/SLACK_BOT_TOKEN.*MOLTFLOW_API_KEY/);
    }
  });
});

describe('access settings', () => {
  it('reads the role lists and keeps OUTREACH_ALLOWED as a deprecated alias of ACCESS_OUTREACH', () => {
    const config = loadConfig({
      ...base,
      ACCESS_ADMIN: 'U0ANA',
      ACCESS_OUTREACH: 'U0BEN, S0SALES',
      OUTREACH_ALLOWED: 'U0OLD S0SALES',
      ACCESS_SALES: 'W0GRID',
    });
    expect(config.access).toEqual({
      admin: ['U0ANA'],
      outreach: ['U0BEN', 'S0SALES', 'U0OLD'],
      sales: ['W0GRID'],
    });
    expect(config.deprecations).toEqual([expect.stringMatching(/OUTREACH_ALLOWED is deprecated/)]);
    expect(loadConfig(base).deprecations).toEqual([]);
  });

  it('defaults retention to 90 days for leads and 365 for the audit trail', () => {
    expect(loadConfig(base).retention).toEqual({ leadDays: 90, auditDays: 365 });
    expect(loadConfig({ ...base, LEAD_RETENTION_DAYS: '30' }).retention.leadDays).toBe(30);
  });

  it.each(['ACCESS_ADMIN', 'ACCESS_OUTREACH', 'ACCESS_SALES'])(
    'names %s when it lists something else',
    (name) => {
      expect(() => loadConfig({ ...base, [name]: 'U0OK, #sales' })).toThrow(
        new RegExp(`${name} must list Slack user or user-group ids`),
      );
    },
  );
});

describe('install modes', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  const oauth = {
    SLACK_CLIENT_ID: '1111111111.2222222222',
    SLACK_CLIENT_SECRET: 'client-secret-0123456789',
    SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_SIGNING_SECRET: 'abcdef0123456789',
    ENCRYPTION_KEY: key,
  };

  it('is single-workspace with a bot token, as before', () => {
    const config = loadConfig(base);
    expect(config.slack.install).toEqual({ mode: 'single', botToken: 'xoxb-1-2-3' });
    expect(config.encryptionKey).toBeUndefined();
    expect(loadConfig({ ...base, ENCRYPTION_KEY: key }).encryptionKey).toBeDefined();
  });

  it('is OAuth with SLACK_CLIENT_ID, without needing a bot token, MoltFlow key or leads channel', () => {
    const config = loadConfig(oauth);
    expect(config.slack.install).toEqual({
      mode: 'oauth',
      clientId: '1111111111.2222222222',
      clientSecret: 'client-secret-0123456789',
      stateSecret: 'state-secret-0123456789',
    });
    expect(config.encryptionKey?.open(config.encryptionKey.seal('x', 'T1'), 'T1')).toBe('x');
    expect(config.moltflow.apiKey).toBeUndefined();
    expect(config.leads.channel).toBeUndefined();
    expect(config.deprecations).toEqual([]);
  });

  it('ignores the single-workspace settings in OAuth mode, with one warning line', () => {
    const config = loadConfig({ ...base, ...oauth });
    expect(config.slack.install.mode).toBe('oauth');
    expect(config.moltflow.apiKey).toBeUndefined();
    expect(config.leads.channel).toBeUndefined();
    expect(config.deprecations).toEqual([
      expect.stringMatching(
        /^SLACK_BOT_TOKEN, MOLTFLOW_API_KEY, LEADS_CHANNEL are ignored with SLACK_CLIENT_ID/,
      ),
    ]);
  });

  it.each([
    ['ENCRYPTION_KEY', undefined, /ENCRYPTION_KEY is required/],
    ['ENCRYPTION_KEY', 'c2hvcnQ=', /ENCRYPTION_KEY must be 32 random bytes/],
    ['SLACK_CLIENT_SECRET', undefined, /SLACK_CLIENT_SECRET is required/],
    ['SLACK_STATE_SECRET', undefined, /SLACK_STATE_SECRET is required/],
    ['SLACK_SIGNING_SECRET', undefined, /SLACK_SIGNING_SECRET is required/],
    ['SLACK_APP_TOKEN', 'xapp-1-A-2', /SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID/],
  ])('refuses OAuth mode when %s is %s', (name, value, message) => {
    const env: Record<string, string | undefined> = { ...oauth, [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a bad ENCRYPTION_KEY in its message', () => {
    const bad = 'not-a-key-but-maybe-a-secret';
    expect(() => loadConfig({ ...oauth, ENCRYPTION_KEY: bad })).toThrow(/ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...oauth, ENCRYPTION_KEY: bad })).not.toThrow(new RegExp(bad));
  });
});

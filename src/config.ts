// The only module that reads process.env. Everything else receives a frozen, typed Config.
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { LOGGER_LEVELS } from './log.js';
import { SecretBox, SecretBoxError } from './store/secret-box.js';

const DEFAULT_BASE_URL = 'https://apiv2.waiflow.app/api/v2';
const DEFAULT_DATABASE_URL = 'sqlite:./data/moltflow-slack.db';

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const intIn = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : Number(v)),
    z
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`),
  );

/** Comma- or space-separated Slack user (U…, W…) and user-group (S…) ids. */
const idList = optional(z.string()).transform((v, issue) => {
  const ids = (v ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = ids.filter((id) => !/^[UWS][A-Z0-9]{2,}$/.test(id));
  if (bad.length > 0) {
    issue.addIssue({
      code: 'custom',
      message: `must list Slack user or user-group ids (U…, W…, S…); not: ${bad.join(', ')}`,
    });
  }
  return ids;
});

const EnvSchema = z.object({
  // Required in single-workspace mode only (checked below); in OAuth mode each workspace has its own.
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'must start with xoxb-')),
  SLACK_CLIENT_ID: optional(z.string().regex(/^[0-9]+\.[0-9]+$/, 'must look like 1234567890.1234567890')),
  SLACK_CLIENT_SECRET: optional(z.string().min(16, 'looks too short')),
  SLACK_STATE_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  ENCRYPTION_KEY: optional(z.string()),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'looks too short')),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'must start with xapp-')),
  SLACK_API_URL: optional(z.url('must be a URL such as https://slack.com/api/')),
  PORT: intIn(0, 65535, 3000),
  MOLTFLOW_API_KEY: optional(z.string().min(8, 'looks too short')),
  MOLTFLOW_BASE_URL: optional(z.url('must be a URL such as https://apiv2.waiflow.app/api/v2')),
  MOLTFLOW_RATE_LIMIT_PER_MIN: intIn(1, 10_000, 10),
  MOLTFLOW_WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  PUBLIC_URL: optional(z.url('must be a URL such as https://moltflow-slack.example.com')),
  LEADS_CHANNEL: optional(
    z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id such as C0123ABCD (not a #name)'),
  ),
  LEAD_POLL_CRON: optional(z.string()).refine((v) => v === undefined || validateCron(v), {
    message: 'is not a valid cron expression (e.g. "*/30 * * * * *" for every 30 s)',
  }),
  LEAD_BACKFILL_HOURS: intIn(0, 24 * 30, 24),
  DATABASE_URL: optional(
    z
      .string()
      .regex(
        /^(sqlite:.+|postgres(ql)?:\/\/.+)/,
        'must look like sqlite:./data/moltflow-slack.db or postgres://user:password@host:5432/database',
      ),
  ),
  REPLICA_ID: optional(
    z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or colons'),
  ),
  DEFAULT_SESSION_ID: optional(
    z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be a MoltFlow session id (a UUID)'),
  ),
  DEFAULT_PHONE_REGION: optional(
    z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US or BR')),
  ),
  ACCESS_ADMIN: idList,
  ACCESS_OUTREACH: idList,
  ACCESS_SALES: idList,
  /** Deprecated alias of ACCESS_OUTREACH. */
  OUTREACH_ALLOWED: idList,
  LEAD_RETENTION_DAYS: intIn(1, 3_650, 90),
  AUDIT_RETENTION_DAYS: intIn(1, 3_650, 365),
  BULK_PROGRESS_UPDATE_MS: intIn(250, 60_000, 1_000),
  BULK_PROGRESS_STALL_SECONDS: intIn(5, 3_600, 150),
  LOG_LEVEL: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LOGGER_LEVELS).optional()),
});

/**
 * How Slack workspaces get the app. `single`: the operator created the app and gave its bot token (one
 * workspace, configured by environment variables). `oauth`: "Add to Slack" (GET /slack/install), one
 * installation per workspace in the store, each with its own token.
 */
export type SlackInstall =
  | { readonly mode: 'single'; readonly botToken: string }
  | {
      readonly mode: 'oauth';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly stateSecret: string;
    };

export interface Config {
  readonly slack: {
    readonly install: SlackInstall;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
    readonly socketMode: boolean;
  };
  readonly port: number;
  readonly moltflow: {
    /** The single workspace's key; undefined in OAuth mode, where each workspace connects its own. */
    readonly apiKey: string | undefined;
    readonly baseUrl: string;
    readonly rateLimitPerMin: number;
    /** Verifies pushed deliveries on POST /moltflow/webhook; unset → the endpoint answers 404. */
    readonly webhookSecret: string | undefined;
    /** Where MoltFlow delivers this workspace's pushes: /moltflow/webhook, plus /<workspace id> in OAuth mode. */
    readonly webhookPath: string;
  };
  /** The app's public base URL (webhook registration); unset when it is not reachable from outside. */
  readonly publicUrl: string | undefined;
  readonly leads: {
    /** The single workspace's leads channel; undefined in OAuth mode (a per-workspace setting there). */
    readonly channel: string | undefined;
    readonly pollCron: string;
    readonly backfillHours: number;
  };
  readonly outreach: {
    /** Session used when a person does not pick one (reciprocity checks, defaults in modals). */
    readonly defaultSessionId: string | undefined;
    /** Region for phone numbers typed without a country code; unset → such numbers are refused. */
    readonly defaultPhoneRegion: string | undefined;
    /** Minimum time between two edits of a bulk-send progress message. */
    readonly progressUpdateMs: number;
    /** A progress stream silent this long counts as dropped (MoltFlow spaces messages 30 s–2 min). */
    readonly progressStallMs: number;
  };
  /** Who holds which role beyond the defaults (domain/access.ts): user and user-group ids. */
  readonly access: {
    readonly admin: readonly string[];
    readonly outreach: readonly string[];
    readonly sales: readonly string[];
  };
  readonly retention: {
    /** Local copies of names, phones and messages older than this are purged. */
    readonly leadDays: number;
    readonly auditDays: number;
  };
  /** One line each, logged at start-up: settings that still work but should be renamed. */
  readonly deprecations: readonly string[];
  readonly databaseUrl: string;
  /** ENCRYPTION_KEY: seals stored tokens and API keys. Always set in OAuth mode; optional otherwise. */
  readonly encryptionKey: SecretBox | undefined;
  /**
   * This process's name in leases and pending claims. Unset: "local" on SQLite (one process, which finds its
   * own unfinished work again after a restart), else the host name and a random suffix (one per replica).
   */
  readonly replicaId: string | undefined;
  readonly logLevel: (typeof LOGGER_LEVELS)[number];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws one ConfigError whose message names every bad variable, one per line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `${name} ${issue.message}`;
    });
    throw new ConfigError(`Configuration problem: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const socketMode = e.SLACK_APP_TOKEN !== undefined;
  const oauth = e.SLACK_CLIENT_ID !== undefined;
  const missing = (
    oauth
      ? [
          ['SLACK_CLIENT_SECRET', "the app's Client Secret"],
          ['SLACK_STATE_SECRET', 'any random string of 16+ characters'],
          ['ENCRYPTION_KEY', '32 random bytes, base64: openssl rand -base64 32'],
          ['SLACK_SIGNING_SECRET', "the app's Signing Secret"],
        ]
      : [
          ['SLACK_BOT_TOKEN', 'the xoxb- bot token; or set SLACK_CLIENT_ID for "Add to Slack"'],
          ['MOLTFLOW_API_KEY', 'your MoltFlow API key'],
          ['LEADS_CHANNEL', 'the id of the channel for lead cards, e.g. C0123ABCD'],
        ]
  ).filter(([name]) => e[name as keyof typeof e] === undefined);
  const problems = missing.map(([name, what]) => `${name} is required (${what})`);
  if (oauth && socketMode) {
    // Socket Mode has no public URL for Slack's OAuth redirect, and this app's installer runs on its HTTP receiver.
    problems.push(
      'SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID: "Add to Slack" runs in HTTP mode only',
    );
  }
  if (!oauth && !socketMode && e.SLACK_SIGNING_SECRET === undefined) {
    problems.push('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  let encryptionKey: SecretBox | undefined;
  if (e.ENCRYPTION_KEY !== undefined) {
    try {
      encryptionKey = SecretBox.fromBase64(e.ENCRYPTION_KEY);
    } catch (err) {
      if (!(err instanceof SecretBoxError)) throw err;
      problems.push(err.message); // names ENCRYPTION_KEY, never repeats it
    }
  }
  if (problems.length > 0) throw new ConfigError(`Configuration problem: ${problems.join('; ')}`);
  const install: SlackInstall = oauth
    ? {
        mode: 'oauth',
        clientId: e.SLACK_CLIENT_ID ?? '',
        clientSecret: e.SLACK_CLIENT_SECRET ?? '',
        stateSecret: e.SLACK_STATE_SECRET ?? '',
      }
    : { mode: 'single', botToken: e.SLACK_BOT_TOKEN ?? '' };
  const ignored = oauth
    ? (['SLACK_BOT_TOKEN', 'MOLTFLOW_API_KEY', 'LEADS_CHANNEL'] as const).filter((n) => e[n] !== undefined)
    : [];
  const deprecations = [
    ...(e.OUTREACH_ALLOWED.length > 0
      ? ['OUTREACH_ALLOWED is deprecated: it works as ACCESS_OUTREACH; rename it to ACCESS_OUTREACH.']
      : []),
    ...(ignored.length > 0
      ? [
          `${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} ignored with SLACK_CLIENT_ID: each workspace sets its own from the app's Home tab.`,
        ]
      : []),
  ];
  return deepFreeze({
    slack: {
      install,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      socketMode,
    },
    port: e.PORT,
    moltflow: {
      apiKey: oauth ? undefined : e.MOLTFLOW_API_KEY,
      baseUrl: (e.MOLTFLOW_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      rateLimitPerMin: e.MOLTFLOW_RATE_LIMIT_PER_MIN,
      webhookSecret: e.MOLTFLOW_WEBHOOK_SECRET,
      webhookPath: '/moltflow/webhook',
    },
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    leads: {
      channel: oauth ? undefined : e.LEADS_CHANNEL,
      pollCron: e.LEAD_POLL_CRON ?? '*/30 * * * * *',
      backfillHours: e.LEAD_BACKFILL_HOURS,
    },
    outreach: {
      defaultSessionId: e.DEFAULT_SESSION_ID,
      defaultPhoneRegion: e.DEFAULT_PHONE_REGION,
      progressUpdateMs: e.BULK_PROGRESS_UPDATE_MS,
      progressStallMs: e.BULK_PROGRESS_STALL_SECONDS * 1000,
    },
    access: {
      admin: e.ACCESS_ADMIN,
      outreach: [...new Set([...e.ACCESS_OUTREACH, ...e.OUTREACH_ALLOWED])],
      sales: e.ACCESS_SALES,
    },
    retention: { leadDays: e.LEAD_RETENTION_DAYS, auditDays: e.AUDIT_RETENTION_DAYS },
    deprecations,
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    encryptionKey,
    replicaId: e.REPLICA_ID,
    logLevel: e.LOG_LEVEL ?? 'info',
  });
}

function deepFreeze<T extends object>(value: T): T {
  // A SecretBox keeps its key in a private field; freezing the instance is enough.
  for (const v of Object.values(value))
    if (v && typeof v === 'object' && !(v instanceof SecretBox)) deepFreeze(v);
  return Object.freeze(value);
}

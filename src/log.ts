// Structured JSON-lines logging. Every line passes through redact(), so a secret that reaches a log
// call by accident (an error message echoing a header, a stray config dump) is masked before it is written.

export const LOGGER_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOGGER_LEVELS)[number];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /token|secret|api[-_]?key|authorization|password|signature/i;
const SECRET_SHAPES = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|mf_[A-Za-z0-9_-]{6,})\b/g;
const MASK = '[redacted]';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Exact secret values to mask wherever they appear (API key, tokens, signing secret). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; stdout by default. Tests pass an array sink. */
  write?: (line: string) => void;
  bindings?: LogFields;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindings = options.bindings ?? {};

  const maskString = (s: string): string => {
    let out = s.replace(SECRET_SHAPES, MASK);
    for (const secret of secrets) out = out.split(secret).join(MASK);
    return out;
  };
  const redact = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return maskString(value);
    if (value instanceof Error) return redact(errorFields(value, depth), depth + 1);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
    const out: LogFields = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? MASK : redact(v, depth + 1);
    return out;
  };

  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (RANK[lvl] < RANK[level]) return;
    const record = {
      time: new Date().toISOString(),
      level: lvl,
      msg: maskString(msg),
      ...bindings,
      ...fields,
    };
    write(JSON.stringify(redact(record)));
  };

  return {
    level,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
  };
}

/**
 * Diagnostic fields of an error that hold codes, statuses and paths, never data. Everything else an error
 * carries stays out of the log: an HTTP client's error holds the request it sent (Axios: `config.data`, the
 * message with its names and numbers), a Slack error the whole answer, a server's `detail` may quote what it
 * was sent.
 */
const ERROR_FIELDS = [
  'code',
  'status',
  'statusCode',
  'method',
  'path',
  'timedOut',
  'retryAfter',
  'retryAfterMs',
  'requiredScopes',
  'issues',
] as const;

function errorFields(err: Error, depth: number): LogFields {
  const e = err as Error & Record<string, unknown>;
  const detail = typeof e.detail === 'string' && e.detail.trim() !== '' ? e.detail : null;
  const out: LogFields = {
    name: err.name,
    // The detail is the server's own words (MoltFlow's answer), which may echo a phone number.
    message: detail ? err.message.split(detail).join('[detail omitted]') : err.message,
  };
  for (const key of ERROR_FIELDS) if (e[key] !== undefined && e[key] !== null) out[key] = e[key];
  const slackCode = (e.data as { error?: unknown } | undefined)?.error;
  if (typeof slackCode === 'string') out.slackError = slackCode;
  if (e.cause instanceof Error && depth < 3) out.cause = errorFields(e.cause, depth + 1);
  return out;
}

/** A logger that drops everything; the default where none is injected. */
export const silentLogger: Logger = createLogger({ level: 'silent' });

/** The app's logger at LOG_LEVEL, with every configured secret masked wherever it would appear. */
export function createAppLogger(config: {
  logLevel: LogLevel;
  slack: {
    install:
      | { mode: 'single'; botToken: string }
      | { mode: 'oauth'; clientSecret: string; stateSecret: string };
    signingSecret?: string | undefined;
    appToken?: string | undefined;
  };
  moltflow: { apiKey?: string | undefined; webhookSecret?: string | undefined };
}): Logger {
  const { slack, moltflow } = config;
  const install =
    slack.install.mode === 'single'
      ? [slack.install.botToken]
      : [slack.install.clientSecret, slack.install.stateSecret];
  return createLogger({
    level: config.logLevel,
    secrets: [...install, slack.signingSecret, slack.appToken, moltflow.apiKey, moltflow.webhookSecret],
  });
}

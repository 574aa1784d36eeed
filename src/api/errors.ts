// One error hierarchy for everything that can go wrong talking to MoltFlow, so callers (commands, actions,
// the poller) branch on a class and a status instead of parsing messages.
import type { z } from 'zod';

/** Long server messages (an HTML error page, a huge 422 list) would flood Slack and the logs. */
const MAX_DETAIL_CHARS = 500;

export class MoltflowError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MoltflowError';
  }
}

/**
 * The workspace has no MoltFlow account connected yet (OAuth mode, before an admin connects one from the
 * Home tab): nothing was sent.
 */
export class MoltflowNotConnectedError extends MoltflowError {
  constructor() {
    super('MoltFlow is not connected for this workspace (no API key)');
    this.name = 'MoltflowNotConnectedError';
  }
}

export interface MoltflowHttpErrorInit {
  method: string;
  path: string;
  status: number;
  detail: string;
  requiredScopes?: readonly string[];
}

/** Any non-2xx answer. `path` never carries the query string or the base URL. */
export class MoltflowHttpError extends MoltflowError {
  readonly status: number;
  readonly detail: string;
  readonly requiredScopes: string[];
  readonly method: string;
  readonly path: string;

  constructor(init: MoltflowHttpErrorInit) {
    const scopes = init.requiredScopes ?? [];
    const scopeNote = scopes.length > 0 ? ` (missing scopes: ${scopes.join(', ')})` : '';
    super(`MoltFlow ${init.method} ${init.path} answered ${init.status}: ${init.detail}${scopeNote}`);
    this.name = 'MoltflowHttpError';
    this.status = init.status;
    this.detail = init.detail;
    this.requiredScopes = [...scopes];
    this.method = init.method;
    this.path = init.path;
  }
}

export class MoltflowRateLimitError extends MoltflowHttpError {
  /** How long the server asked us to wait; null when it did not say. */
  readonly retryAfterMs: number | null;

  constructor(init: Omit<MoltflowHttpErrorInit, 'status'> & { retryAfterMs: number | null }) {
    super({ ...init, status: 429 });
    this.name = 'MoltflowRateLimitError';
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The request never got an HTTP answer: refused, reset, DNS, or our own timeout. */
export class MoltflowConnectionError extends MoltflowError {
  readonly timedOut: boolean;
  readonly code: string | null;

  constructor(message: string, opts: { timedOut: boolean; code: string | null; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'MoltflowConnectionError';
    this.timedOut = opts.timedOut;
    this.code = opts.code;
  }
}

/** A 2xx answer we cannot use: not JSON, or not the shape we rely on. */
export class MoltflowValidationError extends MoltflowError {
  /** Where it failed, e.g. `leads[3].lead_status`, or `(body)` for the whole body. */
  readonly path: string;
  readonly issues: string[];

  constructor(path: string, issues: readonly string[], context?: string) {
    const prefix = context
      ? `MoltFlow ${context} returned an unexpected response: `
      : 'Unexpected MoltFlow data: ';
    super(prefix + (issues.length > 0 ? issues.join('; ') : path));
    this.name = 'MoltflowValidationError';
    this.path = path;
    this.issues = [...issues];
  }
}

/** `leads[2].contact_name` from a base label and a zod issue path. */
export function formatDataPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

/** Turns a zod failure into our error; the first issue's path becomes the error's path. */
export function validationErrorFromZod(
  error: z.ZodError,
  base = '',
  context?: string,
): MoltflowValidationError {
  const issues = error.issues.map((issue) => {
    // zod 4 prefixes type errors with "Invalid input: "; the path already says where, so drop the noise.
    const msg = issue.message.replace(/^Invalid input: /, '');
    return `${formatDataPath(base, issue.path)}: ${msg}`;
  });
  const first = error.issues[0];
  return new MoltflowValidationError(formatDataPath(base, first?.path ?? []), issues, context);
}

/**
 * Human text for a FastAPI-style `detail`: a string, a list of `{loc, msg}` (rendered as
 * "members.0.phone: field required; name: too long", without the leading "body"), or any object.
 * Returns '' when there is nothing to say, so the caller can fall back to "HTTP <status>".
 */
export function formatDetail(detail: unknown): string {
  return truncate(renderDetail(detail).trim());
}

function renderDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'number' || typeof detail === 'boolean') return String(detail);
  if (Array.isArray(detail)) return detail.map(renderDetailItem).filter(Boolean).join('; ');
  if (typeof detail === 'object') {
    const obj = detail as Record<string, unknown>;
    for (const key of ['msg', 'message', 'detail', 'error']) {
      if (typeof obj[key] === 'string') return obj[key];
    }
    return safeJson(detail);
  }
  return '';
}

function renderDetailItem(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item === null || typeof item !== 'object') return renderDetail(item);
  const { loc, msg } = item as { loc?: unknown; msg?: unknown };
  if (typeof msg !== 'string') return renderDetail(item);
  const parts = Array.isArray(loc) ? loc.map(String) : [];
  if (parts[0] === 'body') parts.shift();
  return parts.length > 0 ? `${parts.join('.')}: ${msg}` : msg;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function truncate(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}

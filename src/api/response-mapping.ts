// Turns MoltFlow's answers and transport failures into the client's error hierarchy. Every text that could
// echo a request (and so the API key) goes through `redact` first.
import type { z } from 'zod';
import {
  formatDetail,
  MoltflowConnectionError,
  MoltflowError,
  MoltflowHttpError,
  MoltflowRateLimitError,
  MoltflowValidationError,
  validationErrorFromZod,
} from './errors.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;
export type Redact = (text: string) => string;
/** What error messages need to know about a call. */
export interface CallInfo {
  method: string;
  path: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function decodeJson<T>(
  res: { status: number; text: string },
  schema: z.ZodType<T>,
  call: CallInfo,
  redact: Redact,
): T {
  const context = `${call.method} ${call.path}`;
  let value: unknown;
  if (res.status !== 204 && res.text.trim() !== '') {
    try {
      value = JSON.parse(res.text);
    } catch (err) {
      const why = redact(err instanceof Error ? err.message : String(err));
      throw new MoltflowValidationError('(body)', [`(body): not valid JSON (${why})`], context);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, '', context);
  return parsed.data;
}

export function toHttpError(
  call: CallInfo,
  status: number,
  headers: ResponseHeaders,
  text: string,
  redact: Redact,
): MoltflowHttpError {
  const detail = redact(formatDetail(parseDetail(text))) || `HTTP ${status}`;
  const scopes = (headerValue(headers, 'x-required-scopes') ?? '').split(/[\s,]+/).filter(Boolean);
  const init = { method: call.method, path: call.path, detail, requiredScopes: scopes };
  if (status !== 429) return new MoltflowHttpError({ ...init, status });
  // Retry-After is the documented signal; without it, an X-RateLimit-Reset still says when to come back.
  const now = Date.now();
  const reset = headerValue(headers, 'x-ratelimit-reset');
  const retryAfterMs =
    parseRetryAfterMs(headerValue(headers, 'retry-after'), now) ??
    (reset === undefined ? null : parseResetMs(reset, now));
  return new MoltflowRateLimitError({ ...init, retryAfterMs });
}

/** Anything the transport throws becomes a MoltflowConnectionError; the caller's abort passes through. */
export function toConnectionError(err: unknown, call: CallInfo, timedOut: boolean, redact: Redact): unknown {
  if (err instanceof MoltflowError) return err;
  const where = `MoltFlow ${call.method} ${call.path}`;
  if (timedOut) {
    return new MoltflowConnectionError(`${where} timed out after ${call.timeoutMs} ms`, {
      timedOut: true,
      code: null,
    });
  }
  if (call.signal?.aborted) return call.signal.reason;
  const code = errorCode(err);
  const text = redact(err instanceof Error && err.message ? err.message : (code ?? 'unknown error'));
  // No `cause`: some transport errors (e.g. a mock's "not matched") echo request headers, i.e. the key.
  return new MoltflowConnectionError(`${where} failed: ${text}`, {
    timedOut: code !== null && TIMEOUT_CODES.has(code),
    code,
  });
}

function parseDetail(text: string): unknown {
  try {
    const body: unknown = JSON.parse(text);
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as { detail?: unknown }).detail
      : undefined;
  } catch {
    return undefined;
  }
}

/** The error code of a transport failure, looking inside AggregateError (Happy Eyeballs) and `cause`. */
function errorCode(err: unknown, depth = 0): string | null {
  if (err === null || typeof err !== 'object' || depth > 3) return null;
  const e = err as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = errorCode(inner, depth + 1);
      if (code !== null) return code;
    }
  }
  return errorCode(e.cause, depth + 1);
}

type Headers = Record<string, string | string[] | undefined>;
/** X-RateLimit-Reset is undocumented; when we cannot read it we assume the window is a minute. */
const DEFAULT_RESET_MS = 60_000;
/** A reset "in the past" is clock skew between us and the server, not permission to burst. */
const MIN_RESET_MS = 1_000;

/** Retry-After as seconds ("120", "1.5") or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Milliseconds until X-RateLimit-Reset: > 1e9 is epoch seconds (> 1e12 epoch ms), else seconds from now. */
export function parseResetMs(value: string | undefined, now: number = Date.now()): number {
  const n = parseNumber(value);
  if (n === null || n < 0) return DEFAULT_RESET_MS;
  let ms: number;
  if (n > 1e12) ms = n - now;
  else if (n > 1e9) ms = n * 1000 - now;
  else ms = n * 1000;
  return Math.max(MIN_RESET_MS, Math.ceil(ms));
}

export function headerValue(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export function parseNumber(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

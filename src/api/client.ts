// The one seam through which the app talks to MoltFlow: auth header, per-attempt timeout, the rate
// budget, error mapping, zod validation and retries all live here, so area modules (leads, sessions, …)
// are a few lines each and tests inject an undici MockAgent as the dispatcher.
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { z } from 'zod';
import { type Logger, silentLogger } from '../log.js';
import {
  MoltflowConnectionError,
  MoltflowError,
  MoltflowHttpError,
  MoltflowNotConnectedError,
  MoltflowRateLimitError,
} from './errors.js';
import { currentCaller, type Priority, RateBudget, type RateBudgetSnapshot } from './rate-budget.js';
import { decodeJson, type ResponseHeaders, toConnectionError, toHttpError } from './response-mapping.js';
import {
  abortableSleep,
  backoffDelay,
  type RetryPolicy,
  retryPolicies,
  shouldRetry,
  startDeadline,
} from './retry.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

export interface MoltflowClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Default: a keep-alive undici Agent owned (and closed) by the client. */
  dispatcher?: Dispatcher;
  /** Per attempt, covering headers and body. Default 15 s. */
  timeoutMs?: number;
  retryPolicy?: RetryPolicy;
  /** Default: 10 requests a minute, the Free plan's limit. */
  budget?: RateBudget;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** `interactive` for work a person is waiting on: served before background work in the budget. */
  priority?: Priority;
}

export interface RequestOptions<T> {
  method: Method;
  path: string;
  query?: Query;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Default: true for GET/PUT/DELETE, false otherwise. */
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  retryPolicy?: RetryPolicy;
}

export interface StreamOptions {
  path: string;
  query?: Query;
  signal?: AbortSignal;
}

export interface MoltflowStream {
  status: number;
  headers: ResponseHeaders;
  body: AsyncIterable<Buffer> & { destroy(): void };
}

interface Call {
  method: Method;
  path: string;
  query: Query | undefined;
  body: unknown;
  accept: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  maxWaitMs: number | undefined;
}

interface Buffered {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

export class MoltflowClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly budget: RateBudget;
  private readonly logger: Logger;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  private readonly options: MoltflowClientOptions;
  private readonly priority: Priority;

  constructor(opts: MoltflowClientOptions) {
    this.options = opts;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.apiKey = opts.apiKey;
    this.ownsDispatcher = opts.dispatcher === undefined;
    this.dispatcher = opts.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 8 });
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.retryPolicy = opts.retryPolicy ?? retryPolicies.standard;
    this.budget = opts.budget ?? new RateBudget({ limitPerMinute: 10 });
    this.logger = opts.logger ?? silentLogger;
    this.sleep = opts.sleep ?? abortableSleep;
    this.priority = opts.priority ?? 'background';
  }

  /**
   * The same connection pool and request budget with other defaults, e.g. the interactive retry policy for
   * a button click. Closing the view does not close the shared pool.
   */
  withDefaults(overrides: {
    retryPolicy?: RetryPolicy;
    timeoutMs?: number;
    priority?: Priority;
  }): MoltflowClient {
    return new MoltflowClient({
      ...this.options,
      dispatcher: this.dispatcher,
      budget: this.budget,
      priority: overrides.priority ?? this.priority,
      retryPolicy: overrides.retryPolicy ?? this.retryPolicy,
      timeoutMs: overrides.timeoutMs ?? this.timeoutMs,
    });
  }

  /** JSON in, zod-validated JSON out. A 204 or empty body is parsed as `undefined`. */
  request<T>(opts: RequestOptions<T>): Promise<T> {
    const call = this.callFrom(opts, 'application/json');
    return this.withRetries(call, opts, async () => {
      const res = await this.sendOnce(call);
      return decodeJson(res, opts.schema, call, this.redact);
    });
  }

  /** Raw text (CSV exports), with the same auth, budget, retries and error mapping. */
  requestText(opts: Omit<RequestOptions<string>, 'schema'>): Promise<string> {
    const call = this.callFrom(opts, 'text/csv, application/json;q=0.9, */*;q=0.8');
    return this.withRetries(call, opts, async () => (await this.sendOnce(call)).text);
  }

  /**
   * A long-lived response (SSE). The timeout covers only the wait for headers; the body may stay
   * open for hours. Not retried: the stream reader owns reconnection.
   */
  async openStream(opts: StreamOptions): Promise<MoltflowStream> {
    const call = this.callFrom({ ...opts, method: 'GET' }, 'text/event-stream');
    if (this.apiKey === '') throw new MoltflowNotConnectedError();
    await this.budget.acquire(call.signal, this.ticket());
    const deadline = startDeadline(call.timeoutMs, call.signal);
    try {
      const res = await this.dispatch(call, deadline.signal, 0);
      this.budget.observe(res.statusCode, res.headers);
      if (res.statusCode < 200 || res.statusCode > 299) {
        throw toHttpError(call, res.statusCode, res.headers, await res.body.text(), this.redact);
      }
      deadline.clearTimer();
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (err) {
      deadline.dispose();
      const mapped = toConnectionError(err, call, deadline.timedOut, this.redact);
      if (mapped instanceof MoltflowError)
        this.logger.debug('MoltFlow stream failed', this.logFields(call, mapped, 1));
      throw mapped;
    }
  }

  /** People's requests carry who they are for (the per-person share); background work carries no one. */
  private ticket() {
    return { priority: this.priority, user: this.priority === 'interactive' ? currentCaller() : undefined };
  }

  budgetSnapshot(): RateBudgetSnapshot {
    return this.budget.snapshot();
  }

  /** Closes the dispatcher the client created; an injected one belongs to the caller. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private callFrom(opts: Omit<RequestOptions<unknown>, 'schema'>, accept: string): Call {
    const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return {
      method: opts.method,
      path,
      query: opts.query,
      body: opts.body,
      accept,
      timeoutMs,
      signal: opts.signal,
      maxWaitMs: (opts.retryPolicy ?? this.retryPolicy).maxWaitMs,
    };
  }

  private async withRetries<R>(
    call: Call,
    opts: { idempotent?: boolean; retryPolicy?: RetryPolicy },
    run: () => Promise<R>,
  ): Promise<R> {
    const policy = opts.retryPolicy ?? this.retryPolicy;
    const idempotent =
      opts.idempotent ?? (call.method === 'GET' || call.method === 'PUT' || call.method === 'DELETE');
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (!(err instanceof MoltflowError)) throw err; // the caller's own abort
        const retryAfter = err instanceof MoltflowRateLimitError ? err.retryAfterMs : null;
        const delayMs = backoffDelay(policy, attempt, retryAfter);
        const tooLong = policy.maxWaitMs !== undefined && delayMs > policy.maxWaitMs;
        if (attempt > policy.retries || tooLong || !shouldRetry(err, idempotent)) {
          this.logger.debug('MoltFlow request failed', this.logFields(call, err, attempt));
          throw err;
        }
        this.logger.warn('MoltFlow request failed, retrying', {
          ...this.logFields(call, err, attempt),
          delayMs,
        });
        await this.sleep(delayMs, call.signal);
      }
    }
  }

  private async sendOnce(call: Call): Promise<Buffered> {
    // A client without a key (a workspace that has not connected MoltFlow) never sends anything.
    if (this.apiKey === '') throw new MoltflowNotConnectedError();
    const wait = this.budget.estimatedWaitMs(this.ticket());
    if (call.maxWaitMs !== undefined && wait > call.maxWaitMs) {
      throw new MoltflowRateLimitError({
        method: call.method,
        path: call.path,
        detail: "the app is pacing its requests to stay within MoltFlow's rate limit",
        retryAfterMs: wait,
      });
    }
    await this.budget.acquire(call.signal, this.ticket()); // waiting for the budget is not part of the timeout
    const deadline = startDeadline(call.timeoutMs, call.signal);
    try {
      const res = await this.dispatch(call, deadline.signal, null);
      this.budget.observe(res.statusCode, res.headers);
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode > 299) {
        throw toHttpError(call, res.statusCode, res.headers, text, this.redact);
      }
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      throw toConnectionError(err, call, deadline.timedOut, this.redact);
    } finally {
      deadline.dispose();
    }
  }

  private dispatch(call: Call, signal: AbortSignal, bodyTimeout: number | null) {
    const url = new URL(this.baseUrl + call.path);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
    const headers: Record<string, string> = {
      'x-api-key': this.apiKey,
      accept: call.accept,
      'user-agent': 'moltflow-slack',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    return undiciRequest(url, {
      dispatcher: this.dispatcher,
      method: call.method,
      headers,
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal,
      ...(bodyTimeout === null ? {} : { bodyTimeout }),
    });
  }

  /**
   * What a failed call logs: where it went and how it ended. Never the body, the query (a search may be a
   * name or a phone number) or MoltFlow's detail (it may quote what it was sent); the error's class says what
   * kind of failure it was.
   */
  private logFields(call: Call, err: MoltflowError, attempt: number) {
    return {
      method: call.method,
      path: call.path,
      status: err instanceof MoltflowHttpError ? err.status : null,
      code: err instanceof MoltflowConnectionError ? err.code : null,
      attempt,
      error: err instanceof MoltflowHttpError ? err.name : err.message,
    };
  }

  private readonly redact = (text: string): string =>
    this.apiKey.length >= 4 ? text.split(this.apiKey).join('[redacted]') : text;
}

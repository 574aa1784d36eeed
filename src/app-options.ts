// What createMoltflowSlack (app.ts) accepts beyond the config: the seams tests and benchmarks use.
import type { webApi } from '@slack/bolt';
import type { Dispatcher } from 'undici';
import type { BudgetTimers } from './api/rate-budget.js';
import type { RetryPolicy } from './api/retry.js';
import type { Logger } from './log.js';
import type { Store } from './store/index.js';
import type { SecretBox } from './store/secret-box.js';

export interface MoltflowSlackOptions {
  logger?: Logger;
  /** MoltFlow transport (tests: a MockAgent); default a keep-alive pool. */
  dispatcher?: Dispatcher;
  moltflowRetryPolicy?: RetryPolicy;
  /** The request budget's clock (benchmarks replay an hour on a faster clock). */
  budgetClock?: { now: () => number; timers: BudgetTimers };
  /** Timeout of one background MoltFlow call (default 15 s). */
  moltflowTimeoutMs?: number;
  /** Timeout for MoltFlow calls a person is waiting on (button clicks, /moltflow status). */
  interactiveTimeoutMs?: number;
  /** Extra WebClient options (tests: fast retries). */
  slackClientOptions?: Partial<webApi.WebClientOptions>;
  /**
   * How long Bolt waits for a listener's ack before answering 404 (Slack's own limit is 3 s, Bolt's default).
   * Only the test harness widens it, so a CPU-starved CI machine does not turn a prompt ack into a flaky 404.
   */
  ackDeadlineMs?: number;
  /** false: no crons (poll, retention); tests run passes with pollNow(). Retention still runs once at start. */
  schedulePoller?: boolean;
  store?: Store;
  /** Seals stored MoltFlow keys when ENCRYPTION_KEY is not set (tests); ENCRYPTION_KEY wins. */
  secretBox?: SecretBox;
  /** How long a replica's leases outlive it (default: the poll interval, at most 20 s). */
  leaseTtlMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** App Home pacing (tests shorten it): per person, between any two publishes, how long a tab is watched. */
  home?: { perUserMs?: number; gapMs?: number; watchMs?: number; sectionLimitMs?: number };
}

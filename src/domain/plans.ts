// MoltFlow plans and what they allow the app to spend (api §1.4): every request counts against the
// tenant's per-minute limit, whoever makes it, so the app's own pace follows the connected account's plan.

export const PLAN_IDS = ['free', 'starter', 'pro', 'business'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanInfo {
  id: PlanId;
  name: string;
  requestsPerMinute: number;
}

export const PLANS: Readonly<Record<PlanId, PlanInfo>> = {
  free: { id: 'free', name: 'Free', requestsPerMinute: 10 },
  starter: { id: 'starter', name: 'Starter', requestsPerMinute: 20 },
  pro: { id: 'pro', name: 'Pro', requestsPerMinute: 40 },
  business: { id: 'business', name: 'Business', requestsPerMinute: 60 },
};

/** MoltFlow's `plan` as reported by GET /usage/current ("Pro", "pro", "pro_monthly" …); undefined if unknown. */
export function planFrom(reported: string | null | undefined): PlanInfo | undefined {
  const word = (reported ?? '').trim().toLowerCase();
  const id = PLAN_IDS.find((p) => word === p || word.startsWith(`${p}_`) || word.startsWith(`${p} `));
  return id ? PLANS[id] : undefined;
}

/**
 * The poll interval floor, in seconds, for a request limit. Rationale: an idle poll pass costs one request
 * (GET /leads), and polling may use at most a THIRD of the minute's budget, so two thirds stay for people
 * (clicks, lists, modals) and for following broadcasts; a busy pass that pages a burst of leads is then
 * still absorbed. passes/min ≤ limit / 3  ⇔  interval ≥ 180 / limit s. Never below 5 s (MoltFlow's own
 * detection is not faster than that, and Slack shows nothing new sooner): Free 18 s, Starter 9 s,
 * Pro and Business 5 s.
 */
export const POLL_SHARE_OF_BUDGET = 1 / 3;
export const POLL_INTERVAL_MIN_SECONDS = 5;
export const POLL_INTERVAL_MAX_SECONDS = 3_600;

export function minPollIntervalSeconds(requestsPerMinute: number): number {
  const passesPerMinute = Math.max(requestsPerMinute, 1) * POLL_SHARE_OF_BUDGET;
  return Math.max(POLL_INTERVAL_MIN_SECONDS, Math.ceil(60 / passesPerMinute));
}

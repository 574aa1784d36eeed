// The lead feed: the poll cron and pass, the card service (post, redraw, thread line, reconcile) and routing.
// It has no listeners of its own; the card it draws (and its buttons' ids) and the card service are shared
// with the leads features.
export {
  type CardRedraw,
  type CardRedrawDeps,
  type CardRedrawOutcome,
  redrawLeadCard,
} from './card-service.js';
export {
  buildGroupMatchProblem,
  buildRouteFallbackNote,
  describeRefusal,
  type GroupExample,
} from './feed-messages.js';
export {
  buildLeadActions,
  buildLeadCard,
  buildStatusThreadLine,
  CARD_VIEW,
  contactName,
  type LeadCardContext,
  oneLine,
  parseLeadStatusAction,
} from './lead-card.js';
export { type LeadPollResult, runLeadPollOnce } from './lead-poller.js';
export { cronIntervalMs, POLL_LEASE, type PollCron, startPollCron } from './poll-cron.js';
export { handleWebhook, verifyWebhookSignature, WEBHOOK_PATH, WebhookStats } from './webhook.js';

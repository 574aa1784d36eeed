// The lead feed: the poll cron and pass, card posting, reconcile and routing. It has no listeners of its
// own; the card it draws (and its buttons' ids) are shared with the leads features.
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
export { type PollScheduler, startPollScheduler } from './poll-cron.js';
export { buildRouteFallbackNote, describeRefusal, postRoutedCard } from './post-routed-card.js';
export { buildGroupMatchProblem } from './source-group-text.js';

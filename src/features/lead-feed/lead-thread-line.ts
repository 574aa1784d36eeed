// The line a card's thread gets for each status change, so the thread tells the lead's whole story:
// "New → Contacted by @ana" for a change made in Slack, "New → Contacted in MoltFlow" for one made elsewhere.

import { isSlackUserId } from '../../domain/ids.js';
import { type LeadStatus, statusLabel } from '../../domain/pipeline.js';

export function buildStatusThreadLine(
  from: LeadStatus | null,
  to: LeadStatus,
  by: { userId: string } | 'moltflow',
): string {
  const move = from === null ? `Moved to ${statusLabel(to)}` : `${statusLabel(from)} → ${statusLabel(to)}`;
  if (by === 'moltflow') return `${move} in MoltFlow`;
  // Only a real user id becomes a mention; anything else would be markup from outside.
  return isSlackUserId(by.userId) ? `${move} by <@${by.userId}>` : move;
}

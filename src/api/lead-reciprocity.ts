// GET /leads/{id}/reciprocity (moltflow-api.md §2.6): has the contact messaged this WhatsApp session first?
// A cold first message risks a ban, so people check before writing. Kept out of leads.ts, which other
// features extend.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';

export interface Reciprocity {
  hasMessagedFirst: boolean;
  /** Their latest inbound message; null when they never wrote (or MoltFlow did not say). */
  lastInboundAt: Date | null;
}

const ReciprocityWire = z
  .object({
    has_messaged_first: z.boolean(),
    last_inbound_at: z.string().nullish(),
  })
  .transform(
    (w): Reciprocity => ({
      hasMessagedFirst: w.has_messaged_first,
      lastInboundAt:
        w.last_inbound_at && !Number.isNaN(Date.parse(w.last_inbound_at))
          ? new Date(w.last_inbound_at)
          : null,
    }),
  );

export function getReciprocity(
  client: MoltflowClient,
  leadId: string,
  sessionId: string,
): Promise<Reciprocity> {
  return client.request({
    method: 'GET',
    path: `/leads/${encodeURIComponent(leadId)}/reciprocity`,
    query: { session_id: sessionId },
    schema: ReciprocityWire,
  });
}

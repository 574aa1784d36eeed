// The poller's mark: how far back the next pass must page. Alone, the poller posts leads oldest first and
// stops paging at a page holding no unseen lead, since everything older was seen. With push mode, cards are
// not posted in the order MoltFlow lists the leads, so a page of seen leads says nothing about older ones: a
// lead whose delivery was lost, or whose pushed post was cleared, can sit behind fifty newer pushed ones.
//
// So a pass that ends with everything posted stores the newest detection time it read, lowered to just
// before any lead it saw in someone else's hands (pending: a push in flight) that is still not posted. Every
// lead detected at or before the mark has its card, or was skipped, for good (such rows are never deleted);
// the next pass pages at least down to it, and lowers nothing it did not see.
import type { Lead } from '../../domain/lead.js';
import type { Store } from '../../store/index.js';

const SWEPT_FROM_KEY = 'lead-feed.swept-from';

/** Null until a pass has stored one (a database from before the mark existed: the old stopping rule). */
export async function readSweptFrom(store: Store): Promise<Date | null> {
  const value = await store.getSetting<string>(SWEPT_FROM_KEY);
  const at = typeof value === 'string' ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * `newest`: the newest lead the pass read, or the cutoff when MoltFlow listed none. `othersPosting`: leads
 * the pass found claimed by another post; those that did not end posted keep the mark below them.
 */
export async function saveSweptFrom(
  store: Store,
  newest: Date,
  othersPosting: readonly Lead[],
): Promise<void> {
  const records = await store.getLeadRecords(othersPosting.map((lead) => lead.id));
  let mark = newest;
  for (const lead of othersPosting) {
    const state = records.get(lead.id)?.state;
    const justBefore = new Date(lead.detectedAt.getTime() - 1);
    if (state !== 'posted' && state !== 'skipped' && justBefore < mark) mark = justBefore;
  }
  await store.setSetting(SWEPT_FROM_KEY, mark.toISOString());
}

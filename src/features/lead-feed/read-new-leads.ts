import type { MoltflowClient } from '../../api/client.js';
import { listLeads } from '../../api/leads.js';
import type { Lead } from '../../domain/lead.js';
import type { Logger } from '../../log.js';
import type { LeadRecord, Store } from '../../store/index.js';

export interface LeadScan {
  /** Leads never seen before and detected at or after the cutoff, newest first. */
  fresh: Lead[];
  /** Posted leads whose status in MoltFlow differs from what their card shows. */
  changed: { lead: Lead; record: LeadRecord }[];
  /** MoltFlow's count of all leads (null when the envelope has none). */
  total: number | null;
  requests: number;
  invalid: number;
}

export interface ScanOptions {
  pageSize: number;
  cutoff: Date;
  /** Stop paging once this many fresh leads are in hand (first-start backfill needs only a few). */
  enoughFresh?: number;
}

/**
 * Reads GET /leads newest first, one page at a time, and keeps paging only while a page still holds a lead
 * it has not seen. An idle pass therefore costs exactly one request. Status changes are picked up from the
 * same pages, so they cost nothing extra.
 */
export async function scanLeads(
  moltflow: MoltflowClient,
  store: Store,
  logger: Logger,
  options: ScanOptions,
): Promise<LeadScan> {
  const scan: LeadScan = { fresh: [], changed: [], total: null, requests: 0, invalid: 0 };
  const taken = new Set<string>();
  let offset = 0;
  for (;;) {
    const page = await listLeads(moltflow, { limit: options.pageSize, offset });
    scan.requests += 1;
    scan.total = page.total;
    for (const problem of page.invalid) {
      logger.warn('skipped a malformed lead from MoltFlow', { path: problem.path, issues: problem.issues });
    }
    scan.invalid += page.invalid.length;

    const records = store.getLeadRecords(page.leads.map((lead) => lead.id));
    let unseen = 0;
    let reachedCutoff = false;
    for (const lead of page.leads) {
      const record = records.get(lead.id);
      if (record === undefined) {
        if (lead.detectedAt < options.cutoff) reachedCutoff = true;
        else if (!taken.has(lead.id)) {
          // A lead detected while we page shifts the offsets, so the same lead can show up on two pages.
          taken.add(lead.id);
          scan.fresh.push(lead);
          unseen += 1;
        }
      } else if (record.state === 'posted' && record.shownStatus !== lead.status) {
        scan.changed.push({ lead, record });
      }
    }

    const received = page.leads.length + page.invalid.length;
    offset += received;
    const exhausted = received < options.pageSize || (page.total !== null && offset >= page.total);
    const enough = options.enoughFresh !== undefined && scan.fresh.length >= options.enoughFresh;
    if (unseen === 0 || reachedCutoff || exhausted || enough) return scan;
  }
}

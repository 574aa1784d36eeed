// Retention (issue 9): the app keeps a copy of each lead it posted (name, phone, message) to redraw its card,
// and an audit trail of who did what. Neither is kept for ever: LEAD_RETENTION_DAYS after a lead was last
// touched its copy is forgotten (the card's ids stay, so the lead still never gets a second card), and audit
// entries go after AUDIT_RETENTION_DAYS. One pass at start-up, then one a day.
import cron from 'node-cron';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Once a day, at a quiet minute (server time). */
const DAILY = '17 3 * * *';

export interface RetentionPolicy {
  /** LEAD_RETENTION_DAYS */
  leadDays: number;
  /** AUDIT_RETENTION_DAYS */
  auditDays: number;
}

export interface RetentionResult {
  /** Lead records whose name, phone and message were forgotten. */
  leadCopies: number;
  /** Audit entries deleted. */
  auditEntries: number;
}

/** One retention pass over the store. */
export async function runRetentionOnce(
  deps: { store: Store; logger: Logger; now: () => Date },
  policy: RetentionPolicy,
): Promise<RetentionResult> {
  const now = deps.now().getTime();
  const leadCopies = await deps.store.purgeLeadCopies(new Date(now - policy.leadDays * DAY_MS));
  const auditEntries = await deps.store.audit.prune(new Date(now - policy.auditDays * DAY_MS));
  deps.logger.info('retention pass', { leadCopies, auditEntries, ...policy });
  return { leadCopies, auditEntries };
}

export interface RetentionCron {
  stop(): Promise<void>;
}

/** Runs `run` once a day; a failed pass is logged and the next day tries again. */
export function startRetentionCron(run: () => unknown, logger: Logger): RetentionCron {
  const task = cron.schedule(
    DAILY,
    async () => {
      try {
        await run();
      } catch (error) {
        logger.warn('retention pass failed; will try again tomorrow', { error });
      }
    },
    { name: 'retention', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}

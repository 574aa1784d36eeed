// What a progress message shows and what its thread has been told, as plain data: folded from SSE frames
// and job reads, persisted in store.broadcasts so a restart redraws and announces nothing twice.
import { z } from 'zod';
import { type BulkJob, type BulkProgressEvent, isTerminalStatus } from '../../api/bulk-send.js';

export interface BroadcastState {
  jobId: string;
  groupName: string;
  sessionName: string;
  total: number;
  sent: number;
  failed: number;
  status: string;
  startedBy: string;
  /** ISO time the broadcast was created (for the summary's duration). */
  startedAt: string;
  /** The last status told in the thread; null before the first. */
  announced: string | null;
  summaryPosted: boolean;
  /** Shown under the progress (e.g. why it is in a DM rather than the channel it was started from). */
  note: string | null;
}

export type StatusChange = 'started' | 'paused' | 'resumed' | 'cancelled' | 'completed' | 'failed';

/** A frame's counts and status; nothing changes once the job is finished (a late frame cannot reopen it). */
export function foldProgress(state: BroadcastState, event: BulkProgressEvent): BroadcastState {
  if (isTerminalStatus(state.status)) return state;
  return {
    ...state,
    sent: event.sent ?? state.sent,
    failed: event.failed ?? state.failed,
    total: event.total ?? state.total,
    status: event.status ?? state.status,
  };
}

/** A job read (GET /bulk-send/{id}, a control's answer) as a progress event: the whole truth. */
export const jobEvent = (job: BulkJob): BulkProgressEvent => ({
  sent: job.sentCount,
  failed: job.failedCount,
  ...(job.totalRecipients > 0 ? { total: job.totalRecipients } : {}),
  status: job.status,
});

/** What to say in the thread when the status moves from the last announced one, if anything. */
export function statusChange(announced: string | null, status: string): StatusChange | null {
  if (status === announced) return null;
  switch (status) {
    case 'running':
      if (announced === 'paused') return 'resumed';
      return announced === null || announced === 'pending' ? 'started' : null;
    case 'paused':
    case 'cancelled':
    case 'completed':
    case 'failed':
      return status;
    default:
      return null;
  }
}

const StoredSchema = z.object({
  jobId: z.string(),
  groupName: z.string().catch('a contact group'),
  sessionName: z.string().catch('a WhatsApp session'),
  total: z.number().catch(0),
  sent: z.number().catch(0),
  failed: z.number().catch(0),
  status: z.string().catch('running'),
  startedBy: z.string().catch(''),
  startedAt: z.string().catch(() => new Date().toISOString()),
  announced: z.string().nullable().catch(null),
  summaryPosted: z.boolean().catch(false),
  note: z.string().nullable().catch(null),
});

/** A state read back from the store; a damaged row still yields something drawable. */
export function restoreState(jobId: string, stored: Record<string, unknown>): BroadcastState {
  // Every field has a fallback, so a damaged row still parses.
  return StoredSchema.parse({ ...stored, jobId });
}

export function initialState(
  job: BulkJob,
  names: { groupName: string; sessionName: string },
  startedBy: string,
  now: Date,
  note: string | null = null,
): BroadcastState {
  return {
    jobId: job.id,
    groupName: names.groupName,
    sessionName: names.sessionName,
    total: job.totalRecipients,
    sent: job.sentCount,
    failed: job.failedCount,
    status: job.status,
    startedBy,
    startedAt: (job.createdAt ?? now).toISOString(),
    announced: null,
    summaryPosted: false,
    note,
  };
}

// /bulk-send routes (moltflow-api.md §4) with a scriptable SSE progress stream. Nothing runs on a timer:
// tests move a job along explicitly (emit, finish, fast), cut its stream (dropStream) and watch how many
// streams are open (streamCount), so a slow machine can never outrun the script.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { customGroups } from './custom-groups.js';
import { detail, invalid, json, type Route } from './router.js';
import type { MoltflowState } from './state.js';

export interface FakeBulkJob {
  id: string;
  session_id: string;
  custom_group_id: string;
  message_type: 'text' | 'media';
  message_content: string | null;
  media_url: string | null;
  status: string;
  total_recipients: number;
  sent_count: number;
  failed_count: number;
  created_at: string;
}
export interface ProgressPatch {
  sent?: number;
  failed?: number;
  total?: number;
  status?: string;
}

const TERMINAL = new Set(['completed', 'cancelled', 'failed']);

export class BulkSendState {
  readonly jobs: FakeBulkJob[] = [];
  /** Status a new job starts in (the docs' example says running; the enum starts at pending). */
  createStatus = 'running';
  /** Separate frames with a blank line, as SSE wants; false writes them back to back like the docs' example. */
  blankLines = true;
  private readonly streams = new Map<string, Set<ServerResponse>>();

  job(id: string): FakeBulkJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }
  /** The newest job (tests that just pressed "Send now" want this one). */
  get latest(): FakeBulkJob | undefined {
    return this.jobs.at(-1);
  }
  streamCount(id: string): number {
    return this.streams.get(id)?.size ?? 0;
  }

  /** Changes the job and writes one frame to every open stream of it. */
  emit(id: string, patch: ProgressPatch = {}): void {
    const job = this.must(id);
    this.applyPatch(job, patch);
    this.write(id, frame(job, this.blankLines));
  }

  /** Many frames in one write, each one recipient further (the last reaches `n` or the total). */
  fast(id: string, n: number, opts: { failEvery?: number } = {}): void {
    const job = this.must(id);
    let chunk = '';
    for (let i = 0; i < n; i += 1) {
      if (job.sent_count + job.failed_count >= job.total_recipients) break;
      if (opts.failEvery && (i + 1) % opts.failEvery === 0) job.failed_count += 1;
      else job.sent_count += 1;
      chunk += frame(job, this.blankLines);
    }
    this.write(id, chunk);
  }

  /** Ends the job: counts (by default everyone not failed was sent), one last frame, streams closed. */
  finish(id: string, status = 'completed', counts: { sent?: number; failed?: number } = {}): void {
    const job = this.must(id);
    const failed = counts.failed ?? job.failed_count;
    const sent = counts.sent ?? (status === 'completed' ? job.total_recipients - failed : job.sent_count);
    this.emit(id, { status, sent, failed });
    this.end(id);
  }

  /** A comment line, as a server heartbeat would send. */
  heartbeat(id: string): void {
    this.write(id, ': keep-alive\n\n');
  }

  /** Cuts every open stream of the job mid-flight (the socket is destroyed, no clean end). */
  dropStream(id: string): void {
    for (const res of this.streams.get(id) ?? []) res.socket?.destroy();
    this.streams.delete(id);
  }

  create(
    body: Omit<FakeBulkJob, 'id' | 'status' | 'sent_count' | 'failed_count' | 'created_at'>,
  ): FakeBulkJob {
    const job: FakeBulkJob = {
      ...body,
      id: randomUUID(),
      status: this.createStatus,
      sent_count: 0,
      failed_count: 0,
      created_at: new Date().toISOString(),
    };
    this.jobs.push(job);
    return job;
  }

  open(id: string, res: ServerResponse, headers: Record<string, string>): void {
    const job = this.must(id);
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (TERMINAL.has(job.status)) {
      res.end(frame(job, true));
      return;
    }
    // Headers at once, no snapshot: after a reconnect the app sees nothing new until the next event.
    res.flushHeaders();
    const set = this.streams.get(id) ?? new Set<ServerResponse>();
    set.add(res);
    this.streams.set(id, set);
    res.on('close', () => set.delete(res));
  }

  applyPatch(job: FakeBulkJob, patch: ProgressPatch): void {
    if (patch.sent !== undefined) job.sent_count = patch.sent;
    if (patch.failed !== undefined) job.failed_count = patch.failed;
    if (patch.total !== undefined) job.total_recipients = patch.total;
    if (patch.status !== undefined) job.status = patch.status;
  }

  end(id: string): void {
    for (const res of this.streams.get(id) ?? []) res.end();
    this.streams.delete(id);
  }

  private write(id: string, text: string): void {
    if (text === '') return;
    for (const res of this.streams.get(id) ?? []) res.write(text);
  }

  private must(id: string): FakeBulkJob {
    const job = this.job(id);
    if (!job) throw new Error(`FakeMoltflow: no bulk-send job ${id}`);
    return job;
  }
}

function frame(job: FakeBulkJob, blankLine: boolean): string {
  const data = {
    sent: job.sent_count,
    total: job.total_recipients,
    failed: job.failed_count,
    status: job.status,
  };
  return `data: ${JSON.stringify(data)}\n${blankLine ? '\n' : ''}`;
}

/** The bulk-send state of a fake tenant: `bulkSends(fake.state).emit(jobId, { sent: 3 })`. */
export const bulkSends = (state: MoltflowState): BulkSendState =>
  state.area('bulk-send', () => new BulkSendState());

function createJob(state: MoltflowState, body: unknown) {
  const gate = state.planGate('starter', 'Bulk send');
  if (gate) return json(403, gate);
  const b = (body ?? {}) as Record<string, unknown>;
  const type = b.message_type ?? 'text';
  if (type !== 'text' && type !== 'media')
    return invalid(['body', 'message_type'], "Input should be 'text' or 'media'", 'enum');
  if (typeof b.session_id !== 'string') return invalid(['body', 'session_id'], 'Field required', 'missing');
  if (typeof b.custom_group_id !== 'string')
    return invalid(['body', 'custom_group_id'], 'Field required', 'missing');
  const content = typeof b.message_content === 'string' ? b.message_content : null;
  const media = typeof b.media_url === 'string' ? b.media_url : null;
  if (type === 'text' && (content === null || content.length === 0))
    return invalid(['body', 'message_content'], 'Field required', 'missing');
  if (content !== null && content.length > 4096)
    return invalid(
      ['body', 'message_content'],
      'String should have at most 4096 characters',
      'string_too_long',
    );
  if (type === 'media' && (media === null || !/^https?:\/\/\S+$/.test(media)))
    return invalid(['body', 'media_url'], 'Input should be a valid URL', 'url_parsing');
  const session = state.sessions.find((s) => s.id === b.session_id);
  if (!session) return detail(404, 'Session not found');
  if (session.status !== 'working')
    return detail(400, `Session is not working (status: ${session.status}). Connect it first.`);
  const group = customGroups(state).find(b.custom_group_id);
  if (!group) return detail(404, 'Custom group not found');
  if (group.members.length === 0) return detail(400, 'Custom group has no members');
  const job = bulkSends(state).create({
    session_id: session.id,
    custom_group_id: group.id,
    message_type: type,
    message_content: content,
    media_url: media,
    total_recipients: group.members.length,
  });
  return json(201, job);
}

/** pause/resume/cancel: allowed from these statuses, to that one. */
const CONTROLS: Record<string, { from: string[]; to: string; refusal: string }> = {
  pause: { from: ['running'], to: 'paused', refusal: 'Job is not running' },
  resume: { from: ['paused'], to: 'running', refusal: 'Job is not paused' },
  cancel: { from: ['pending', 'running', 'paused'], to: 'cancelled', refusal: 'Job has already finished' },
};

export const bulkSendRoutes: Route[] = [
  { method: 'POST', path: '/bulk-send', handle: ({ state, body }) => createJob(state, body) },
  {
    method: 'GET',
    path: '/bulk-send',
    handle: ({ state, query }) => {
      const limit = Math.min(100, Number(query.limit ?? 20) || 20);
      const jobs = [...bulkSends(state).jobs].reverse().slice(0, limit);
      return json(200, { jobs, total: bulkSends(state).jobs.length });
    },
  },
  {
    method: 'GET',
    path: '/bulk-send/:id',
    handle: ({ state, params }) => {
      const job = bulkSends(state).job(params.id ?? '');
      return job ? json(200, { ...job, recipients: [] }) : detail(404, 'Bulk send job not found');
    },
  },
  {
    method: 'GET',
    path: '/bulk-send/:id/progress',
    handle: ({ state, params, res, headers }) => {
      const area = bulkSends(state);
      if (!area.job(params.id ?? '')) return detail(404, 'Bulk send job not found');
      area.open(params.id ?? '', res, headers);
      return undefined;
    },
  },
  {
    method: 'POST',
    path: /^\/bulk-send\/(?<id>[^/]+)\/(?<control>pause|resume|cancel)$/,
    handle: ({ state, params }) => {
      const area = bulkSends(state);
      const job = area.job(params.id ?? '');
      const rule = CONTROLS[params.control ?? ''];
      if (!job || !rule) return detail(404, 'Bulk send job not found');
      if (!rule.from.includes(job.status)) return detail(400, `${rule.refusal} (status: ${job.status})`);
      area.emit(job.id, { status: rule.to });
      if (rule.to === 'cancelled') area.end(job.id);
      return json(200, job);
    },
  },
];

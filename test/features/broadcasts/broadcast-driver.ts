// Drives /bulksend the way a person in Slack does: the command, the compose form, the confirmation, the
// buttons on the progress message. Everything goes through signed HTTP requests to the real app.
import { expect } from 'vitest';
import type { FakeMessage, FakeView } from '../../helpers/fake-slack.js';
import { SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { bulkSends, type FakeBulkJob } from '../../helpers/moltflow-api/bulk-send.js';
import { customGroups, type FakeGroup } from '../../helpers/moltflow-api/custom-groups.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';

export const ORIGIN = 'C0OUTREACH';
export const USER = 'U0ANA';

export class BulkDriver {
  constructor(
    readonly world: World,
    public app: TestApp,
  ) {}

  get area() {
    return bulkSends(this.world.moltflow.state);
  }

  /** A group with `n` members. */
  group(name: string, n: number): FakeGroup {
    const members = Array.from({ length: n }, (_, i) => ({ phone: `+1555${String(i).padStart(7, '0')}` }));
    return customGroups(this.world.moltflow.state).add(name, members);
  }

  command(text = '', opts: { userId?: string; channelId?: string } = {}) {
    return postSlashCommand(this.app.eventsUrl, SIGNING_SECRET, {
      command: '/bulksend',
      text,
      userId: opts.userId ?? USER,
      channelId: opts.channelId ?? ORIGIN,
      responseUrl: this.world.slack.responseUrl(`bulksend-${text || 'form'}`),
    });
  }

  /** `/bulksend`, then the modal as it looks once filled (compose form or a notice). */
  async openForm(opts: { userId?: string; channelId?: string } = {}): Promise<FakeView> {
    const before = this.world.slack.views.length;
    const res = await this.command('', opts);
    expect(res.status).toBe(200);
    return this.world.slack.waitFor(() => {
      const view = this.world.slack.views[before];
      return view && view.updates > 0 ? view : undefined;
    });
  }

  /** The option values the compose form offers for a select. */
  static options(view: FakeView, blockId: string): { text: string; value: string }[] {
    const blocks = view.view.blocks as { block_id?: string; element?: { options?: unknown[] } }[];
    const element = blocks.find((b) => b.block_id === blockId)?.element;
    return ((element?.options ?? []) as { text: { text: string }; value: string }[]).map((o) => ({
      text: o.text.text,
      value: o.value,
    }));
  }

  static values(v: { sessionId?: string; groupId?: string; message?: string; mediaUrl?: string }) {
    return {
      bulk_session: {
        session: { type: 'static_select', selected_option: v.sessionId ? { value: v.sessionId } : null },
      },
      bulk_group: {
        group: { type: 'static_select', selected_option: v.groupId ? { value: v.groupId } : null },
      },
      bulk_message: { message: { type: 'plain_text_input', value: v.message ?? null } },
      bulk_media: { media_url: { type: 'url_text_input', value: v.mediaUrl ?? null } },
    };
  }

  submitCompose(viewId: string, values: ReturnType<typeof BulkDriver.values>, userId = USER) {
    return postInteraction(
      this.app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({ callbackId: 'bulk_send_compose', values, viewId, userId }),
    );
  }

  confirm(viewId: string, userId = USER) {
    return postInteraction(
      this.app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({ callbackId: 'bulk_send_confirm', values: {}, viewId, userId }),
    );
  }

  /** Form → review → send now; returns the job and its progress message once the stream is open. */
  async start(group: FakeGroup, opts: { message?: string; channelId?: string } = {}) {
    const jobsBefore = this.area.jobs.length;
    const view = await this.openForm({ channelId: opts.channelId ?? ORIGIN });
    const sessionId = BulkDriver.options(view, 'bulk_session')[0]?.value;
    const review = await this.submitCompose(
      view.id,
      BulkDriver.values({ sessionId, groupId: group.id, message: opts.message ?? 'Hello from the test' }),
    );
    expect((review.json as { response_action?: string }).response_action).toBe('update');
    const sent = await this.confirm(view.id);
    expect(sent.status).toBe(200);
    const job = await this.world.slack.waitFor(() => this.area.jobs[jobsBefore]);
    const message = await this.waitForProgressMessage(job.id);
    await this.waitForStream(job.id);
    return { job, message, viewId: view.id };
  }

  waitForProgressMessage(jobId: string): Promise<FakeMessage> {
    return this.world.slack.waitFor(() => this.findProgress(jobId), {
      description: `the progress message of ${jobId}`,
    });
  }

  /** The top-level message that carries the job id in its metadata, wherever it was posted. */
  findProgress(jobId: string): FakeMessage | undefined {
    for (const call of this.world.slack.callsTo('chat.postMessage')) {
      const found = this.world.slack
        .messages(String(call.args.channel))
        .find((m) => !m.thread_ts && m.metadata?.event_payload.job_id === jobId);
      if (found) return found;
    }
    return undefined;
  }

  waitForStream(jobId: string, count = 1): Promise<true> {
    return this.world.moltflow.waitFor(() => this.area.streamCount(jobId) >= count || undefined, {
      description: `a progress stream for ${jobId}`,
    });
  }

  /** The progress message as it stands now. */
  progress(m: FakeMessage): FakeMessage {
    const now = this.world.slack.findMessage(m.channel, m.ts);
    if (!now) throw new Error('progress message is gone');
    return now;
  }

  /** Waits until the message's fallback text shows `text` (e.g. "5/8 sent"). */
  waitForShown(m: FakeMessage, text: string | RegExp, timeoutMs = 5_000): Promise<FakeMessage> {
    return this.world.slack.waitFor(
      () => {
        const now = this.world.slack.findMessage(m.channel, m.ts);
        const ok = now && (typeof text === 'string' ? now.text.includes(text) : text.test(now.text));
        return ok ? now : undefined;
      },
      { timeoutMs, description: `progress message showing ${String(text)}` },
    );
  }

  thread(m: FakeMessage): string[] {
    return this.world.slack
      .messages(m.channel)
      .filter((r) => r.thread_ts === m.ts)
      .map((r) => r.text);
  }

  static buttons(m: FakeMessage): string[] {
    return ((m.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
  }

  click(m: FakeMessage, actionId: string, jobId: string, userId = USER) {
    return postInteraction(
      this.app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({ actionId, value: jobId, channelId: m.channel, messageTs: m.ts, userId }),
    );
  }

  job(id: string): FakeBulkJob {
    const job = this.area.job(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }
}

import { describe, expect, it } from 'vitest';
import {
  allowedControls,
  buildProgressBar,
  buildProgressMessage,
  buildStatusReply,
  buildSummaryReply,
  expectedDuration,
  formatDuration,
} from '../../../src/features/broadcasts/broadcast-messages.js';
import type { BroadcastState } from '../../../src/features/broadcasts/broadcast-state.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

const state = (patch: Partial<BroadcastState> = {}): BroadcastState => ({
  jobId: 'job-1',
  groupName: 'VIP',
  sessionName: 'Sales phone',
  total: 127,
  sent: 53,
  failed: 2,
  status: 'running',
  startedBy: 'U0ANA',
  startedAt: '2026-03-01T10:00:00.000Z',
  announced: 'running',
  summaryPosted: false,
  note: null,
  ...patch,
});

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string }[];
};

describe('buildProgressBar', () => {
  it('fills by finished recipients (sent and failed) and floors the percentage', () => {
    expect(buildProgressBar(0, 10, 10)).toBe('░░░░░░░░░░ 0%');
    expect(buildProgressBar(42, 100, 10)).toBe('▓▓▓▓░░░░░░ 42%');
    expect(buildProgressBar(10, 10, 10)).toBe('▓▓▓▓▓▓▓▓▓▓ 100%');
    expect(buildProgressBar(12, 10, 10)).toBe('▓▓▓▓▓▓▓▓▓▓ 100%');
    expect(buildProgressBar(3, 0, 10)).toBe('░░░░░░░░░░ 0%');
  });
});

describe('buildProgressMessage', () => {
  it('shows group, session, bar, sent/total, failed and status, with valid blocks and a fallback', () => {
    const m = buildProgressMessage(state(), { revision: 7 });
    expect(m.text).toBe('Broadcast to VIP: 53/127 sent, 2 failed (Sending)');
    const shown = JSON.stringify(m.blocks);
    for (const part of [
      '*Sent*\\n53/127',
      '*Failed*\\n2',
      ':large_green_circle: Sending',
      '43%',
      'from *Sales phone*',
    ]) {
      expect(shown).toContain(part);
    }
    expect(validateBlocks(m.blocks, 'message')).toEqual([]);
    expect(m.metadata).toEqual({ event_type: 'moltflow_bulk_send', event_payload: { job_id: 'job-1' } });
  });

  it('offers only the controls the status allows, and a new block_id on every redraw', () => {
    const ids = (s: string) =>
      (buildProgressMessage(state({ status: s }), { revision: 1 }).blocks as Block[])
        .filter((b) => b.type === 'actions')
        .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));
    expect(ids('running')).toEqual(['bulk_pause', 'bulk_cancel']);
    expect(ids('paused')).toEqual(['bulk_resume', 'bulk_cancel']);
    expect(ids('pending')).toEqual(['bulk_cancel']);
    for (const done of ['completed', 'cancelled', 'failed']) expect(ids(done)).toEqual([]);
    expect(allowedControls('weird')).toEqual([]);

    const blockIds = (rev: number) =>
      (buildProgressMessage(state(), { revision: rev }).blocks as Block[])
        .map((b) => b.block_id)
        .filter(Boolean);
    expect(blockIds(1)).not.toEqual(blockIds(2));
  });

  it('escapes untrusted names and statuses, and keeps plain_text headers literal', () => {
    const m = buildProgressMessage(
      state({ groupName: '<!channel> & co', sessionName: '<@U123>', status: '<!here>' }),
      { revision: 1 },
    );
    const shown = JSON.stringify(m.blocks.slice(1)); // everything but the plain_text header is mrkdwn
    expect(m.text).toBe('Broadcast to &lt;!channel&gt; &amp; co: 53/127 sent, 2 failed (&lt;!here&gt;)');
    expect(shown).toContain('To *&lt;!channel&gt; &amp; co* from *&lt;@U123&gt;*');
    expect(shown).not.toMatch(/<!channel>|<@U123>|<!here>/);
    expect((m.blocks[0] as Block).text?.text).toBe('Broadcast to <!channel> & co');
  });
});

describe('thread replies', () => {
  it('says what changed, who did it and where it stood', () => {
    expect(buildStatusReply('paused', state(), 'U0BEA')).toBe(
      ':double_vertical_bar: Paused by <@U0BEA> at 53/127.',
    );
    expect(buildStatusReply('resumed', state(), null)).toBe(':arrow_forward: Resumed at 53/127.');
    expect(buildStatusReply('started', state({ groupName: 'A<b>' }), null)).toContain('in *A&lt;b&gt;*');
    expect(buildStatusReply('failed', state(), null)).toBe(
      ':x: MoltFlow reports that this broadcast failed at 53/127.',
    );
  });

  it('sums up sent, failed, not reached and how long it took', () => {
    const s = state({ status: 'cancelled', sent: 60, failed: 3 });
    expect(buildSummaryReply(s, new Date('2026-03-01T11:05:30Z'))).toBe(
      '*Summary:* 60 sent, 3 failed, 64 not reached of 127 recipients · took 1 h 5 min.',
    );
    expect(buildSummaryReply(state({ sent: 125, failed: 2 }), new Date('2026-03-01T09:00:00Z'))).toBe(
      '*Summary:* 125 sent, 2 failed of 127 recipients.',
    );
  });
});

describe('durations', () => {
  it('formats seconds, minutes and hours, floored', () => {
    expect(formatDuration(45_999)).toBe('45 s');
    expect(formatDuration(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(3_810_000)).toBe('1 h 3 min');
  });

  it('gives the 30 s – 2 min per recipient range', () => {
    expect(expectedDuration(127)).toBe('about 1 h 3 min – 4 h 14 min');
    expect(expectedDuration(1)).toBe('about 30 s – 2 min');
  });
});

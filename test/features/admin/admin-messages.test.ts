import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildHelpMessage,
  buildStatusMessage,
  type StatusReport,
} from '../../../src/features/admin/admin-messages.js';
import { buildBackfillNotice } from '../../../src/features/lead-feed/feed-messages.js';

/** All mrkdwn and plain text of a message, the fallback first. */
function allText(message: { text: string; blocks: KnownBlock[] }): string {
  const found: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.text === 'string') found.push(obj.text);
      Object.values(obj).forEach(walk);
    }
  };
  walk(message.blocks);
  return found.join('\n');
}

const HOSTILE = '<!channel> & <http://evil|bank>';
const LAST_RUN = new Date('2026-11-24T14:05:07Z');

function report(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    moltflow: { state: 'ok' },
    sessions: [{ name: 'Sales', status: 'working', phoneNumber: '+15550001111' }],
    poller: {
      schedule: '*/30 * * * * *',
      lastRunAt: LAST_RUN,
      lastRunOk: true,
      lastError: null,
      lastPostedCount: 3,
      totalPosted: 120,
      leadsChannel: 'C0123ABC',
    },
    budget: { limitPerMinute: 10, usedInWindow: 4, remaining: 6, pausedUntil: null },
    push: { state: 'off' },
    ...overrides,
  };
}

describe('buildStatusMessage', () => {
  it('reports a healthy setup', () => {
    const text = allText(buildStatusMessage(report()));
    expect(text).toContain('MoltFlow is reachable and the API key is valid');
    expect(text).toContain('• Sales (+15550001111)');
    expect(text).toContain('`*/30 * * * * *`');
    expect(text).toContain(`<!date^${LAST_RUN.getTime() / 1000}^`);
    expect(text).toContain(':white_check_mark: ok');
    expect(text).toContain('3 last run, 120 in total');
    expect(text).toContain('<#C0123ABC>');
    expect(text).toContain('4/10 this minute (6 left)');
    expect(text).not.toContain('paused');
  });

  it('says push mode is off without a secret, and on with its counts and last delivery', () => {
    expect(allText(buildStatusMessage(report()))).toContain(
      'Off: `MOLTFLOW_WEBHOOK_SECRET` is not set, so new leads arrive by polling only',
    );
    const on = allText(
      buildStatusMessage(
        report({ push: { state: 'on', accepted: 7, refused: 2, lastDeliveryAt: LAST_RUN } }),
      ),
    );
    expect(on).toContain('On: 7 deliveries accepted, 2 refused');
    expect(on).toMatch(new RegExp(`Last delivery: <!date\\^${LAST_RUN.getTime() / 1000}\\^`));
    const quiet = allText(
      buildStatusMessage(report({ push: { state: 'on', accepted: 0, refused: 0, lastDeliveryAt: null } })),
    );
    expect(quiet).toContain('Last delivery: none yet');
  });

  it('names the env var when the key is rejected', () => {
    const msg = buildStatusMessage(report({ moltflow: { state: 'invalid_key' } }));
    expect(msg.text).toContain('MOLTFLOW_API_KEY');
  });

  it('says the feed keeps retrying when MoltFlow is down, with an escaped reason', () => {
    const msg = buildStatusMessage(
      report({ moltflow: { state: 'down', reason: `ECONNREFUSED ${HOSTILE}` }, sessions: null }),
    );
    const text = allText(msg);
    expect(text).toContain('not reachable (ECONNREFUSED &lt;!channel&gt; &amp; &lt;http://evil|bank&gt;)');
    expect(text).toContain('keeps retrying');
    expect(text).toContain('Unknown while MoltFlow cannot be reached');
  });

  it('escapes the forbidden detail and other outside strings everywhere', () => {
    const msg = buildStatusMessage(
      report({
        moltflow: { state: 'forbidden', detail: HOSTILE },
        sessions: [{ name: HOSTILE, status: 'working', phoneNumber: HOSTILE }],
        poller: {
          ...report().poller,
          schedule: HOSTILE,
          lastRunOk: false,
          lastError: HOSTILE,
          leadsChannel: HOSTILE,
        },
      }),
    );
    const text = allText(msg);
    const rest = text.replace(/<!date\^\d+\^[^|<>]+\|[^<>]+>/g, '');
    expect(rest).not.toContain('<');
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(text).toContain(':x: failed: &lt;!channel&gt;');
  });

  it('asks for a session to be connected when none works', () => {
    for (const sessions of [[], [{ name: 'Old', status: 'stopped', phoneNumber: null }]]) {
      const text = allText(buildStatusMessage(report({ sessions })));
      expect(text).toContain('No working session — connect one in MoltFlow');
      expect(text).not.toContain('• Old');
    }
  });

  it('shows a pause and a feed that has not run yet', () => {
    const until = new Date('2026-11-24T14:06:00Z');
    const text = allText(
      buildStatusMessage(
        report({
          poller: { ...report().poller, lastRunAt: null, lastRunOk: null, leadsChannel: null },
          budget: { limitPerMinute: 10, usedInWindow: 10, remaining: 0, pausedUntil: until },
        }),
      ),
    );
    expect(text).toContain('not run yet');
    expect(text).toContain('LEADS_CHANNEL');
    expect(text).toContain(`paused until <!date^${until.getTime() / 1000}^`);
    expect(text).toContain('10/10 this minute (0 left)');
  });
});

describe('buildHelpMessage', () => {
  it('lists the commands that exist and explains the lead cards', () => {
    const msg = buildHelpMessage();
    const text = allText(msg);
    expect(text).toContain('/moltflow status');
    expect(text).toContain('/moltflow help');
    expect(text).toMatch(/Reopen/);
    expect(msg.text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/\/moltflow (leads|groups|schedule|bulksend)/);
  });
});

describe('buildBackfillNotice', () => {
  it('mentions the skipped leads with the right plural', () => {
    expect(buildBackfillNotice(137, 20, 24).text).toBe(
      ':information_source: Showing the 20 newest leads from the last 24 h; 137 older leads were skipped.',
    );
    expect(buildBackfillNotice(1, 1, 24).text).toBe(
      ':information_source: Showing the newest lead from the last 24 h; 1 older lead was skipped.',
    );
  });

  it('does not mention skipping when nothing was skipped', () => {
    const notice = buildBackfillNotice(0, 5, 24);
    expect(notice.text).toBe(':information_source: Showing the 5 newest leads from the last 24 h.');
    expect(allText(notice)).not.toContain('skipped');
    expect(notice.blocks).toHaveLength(1);
  });
});

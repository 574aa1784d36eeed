import { describe, expect, it } from 'vitest';
import {
  buildAuditLine,
  buildAuditPage,
  clampAuditOffset,
  parseAuditPageValue,
  TRAIL_VIEW,
} from '../../../src/features/admin/audit-views.js';
import type { AuditEntry } from '../../../src/store/index.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

const AT = new Date('2026-03-04T05:06:07Z');
const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'U0ANA',
  team: 'T0001',
  action: 'group.renamed',
  target: 'g-1 (VIP)',
  outcome: 'ok',
  at: AT,
  ...over,
});
type Block = { type: string; text?: { text: string }; elements?: { text?: string; value?: string }[] };
const sections = (blocks: unknown[]) =>
  (blocks as Block[]).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
const buttons = (blocks: unknown[]) =>
  (blocks as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('buildAuditLine', () => {
  it('says when (a date token), who (a mention), what, on what, how it ended and why', () => {
    const line = buildAuditLine(entry({ outcome: 'failed', detail: 'MoltFlow 403: plan' }));
    expect(line).toBe(
      `<!date^${AT.getTime() / 1000}^{date_short_pretty} at {time}|2026-03-04 05:06 UTC> · <@U0ANA> · \`group.renamed\` · g-1 (VIP) · :warning: _MoltFlow 403: plan_`,
    );
    expect(buildAuditLine(entry())).toContain(':white_check_mark:');
    expect(buildAuditLine(entry({ outcome: 'denied', action: 'denied' }))).toContain(':no_entry:');
  });

  it('escapes hostile targets and details, so nothing pings, links or breaks the line', () => {
    const line = buildAuditLine(
      entry({
        actor: '<!channel>',
        action: 'x`<!here>`',
        target: '<!channel> & <http://evil|bank>\n*bold*',
        detail: '<@U0BOSS> <!subteam^S1> &amp;',
      }),
    );
    expect(line).not.toMatch(/<!channel>|<!here>|<@U0BOSS>|<!subteam|<http/);
    expect(line).toContain('&lt;!channel&gt; &amp; &lt;http://evil|bank&gt; *bold*');
    expect(line).toContain('&lt;@U0BOSS&gt; &lt;!subteam^S1&gt; &amp;amp;');
    expect(line).not.toContain('\n');
    // Only the date token and nothing else opens an angle bracket.
    expect(line.match(/</g)).toHaveLength(1);
  });

  it('cuts a 300-character target (and one that escaping makes five times longer) to 300', () => {
    const long = buildAuditLine(entry({ target: 'x'.repeat(300), detail: 'y'.repeat(300) }));
    expect(long).toContain('x'.repeat(300));
    const amp = buildAuditLine(entry({ target: '&'.repeat(300), detail: '<'.repeat(300) }));
    const target = amp.split(' · ')[3] ?? '';
    expect(target.length).toBeLessThanOrEqual(300);
    expect(target).toMatch(/^(&amp;)+…$/);
    expect(amp).toMatch(/_(&lt;)+…_$/);
  });
});

describe('buildAuditPage', () => {
  it('says so when there is nothing yet', () => {
    const page = buildAuditPage({ entries: [], total: 0, offset: 0, retentionDays: 365 });
    expect(page.text).toBe('Audit trail: no entries yet.');
    expect(sections(page.blocks)[0]).toContain('No entries yet');
    expect(JSON.stringify(page.blocks)).toContain('Kept for 365 days');
    expect(buttons(page.blocks)).toEqual([]);
  });

  it('shows a header with the total, the range, and Previous / Next as the page allows', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => entry({ target: `t${i}` }));
    const first = buildAuditPage({ entries: twenty, total: 45, offset: 0, retentionDays: 30 });
    expect(first.text).toBe('Audit trail: 1–20 of 45 entries, newest first.');
    expect(JSON.stringify(first.blocks[0])).toContain('Audit trail · 45 entries');
    expect(sections(first.blocks)).toHaveLength(20);
    expect(buttons(first.blocks).map((b) => [b.text, b.value])).toEqual([[expect.anything(), '20']]);

    const middle = buildAuditPage({ entries: twenty, total: 45, offset: 20, retentionDays: 30 });
    expect(buttons(middle.blocks).map((b) => b.value)).toEqual(['0', '40']);
    const last = buildAuditPage({ entries: twenty.slice(0, 5), total: 45, offset: 40, retentionDays: 30 });
    expect(last.text).toContain('41–45 of 45');
    expect(buttons(last.blocks).map((b) => b.value)).toEqual(['20']);
  });

  it('stays within Block Kit limits with a page of the most hostile entries', () => {
    const worst = Array.from({ length: 25 }, (_, i) =>
      entry({
        actor: i % 2 ? 'U0ANA' : '<!everyone>',
        action: `${'<'.repeat(100)}`,
        target: '<!channel>&'.repeat(30).slice(0, 300),
        detail: '&'.repeat(300),
        outcome: (['ok', 'denied', 'failed'] as const)[i % 3] ?? 'ok',
      }),
    );
    const page = buildAuditPage({ entries: worst, total: 1000, offset: 980, retentionDays: 365 });
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    expect(page.blocks.length).toBeLessThanOrEqual(50);
    expect(sections(page.blocks)).toHaveLength(TRAIL_VIEW.pageSize);
    for (const text of sections(page.blocks)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(page)).not.toMatch(/<!channel>|<!everyone>/);
  });
});

describe('paging', () => {
  it('clamps an offset to a page of the trail', () => {
    expect(clampAuditOffset(0, 0)).toBe(0);
    expect(clampAuditOffset(25, 45)).toBe(20);
    expect(clampAuditOffset(400, 45)).toBe(40);
    expect(clampAuditOffset(40, 40)).toBe(20);
    expect(clampAuditOffset(-5, 45)).toBe(0);
  });

  it('reads only whole, non-negative button values', () => {
    expect(parseAuditPageValue('20')).toBe(20);
    for (const bad of [undefined, '', '-20', '1e3', '2.5', 'x', '9'.repeat(12)]) {
      expect(parseAuditPageValue(bad)).toBeNull();
    }
  });
});

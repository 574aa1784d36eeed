import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import { allowedTransitions, type LeadStatus, PIPELINE_STATUSES } from '../../../src/domain/pipeline.js';
import {
  buildLeadCard,
  CARD_VIEW,
  parseLeadStatusAction,
} from '../../../src/features/lead-feed/lead-card.js';

const DETECTED = new Date('2026-11-24T14:05:00Z');
const EPOCH = Math.floor(DETECTED.getTime() / 1000);

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f',
    phone: '+15551234567',
    name: 'Ana Souza',
    status: 'new',
    score: 80,
    detectedAt: DETECTED,
    sourceGroup: { id: 'g1', name: 'Buyers Lisbon' },
    keyword: 'price',
    preview: 'Hi, what is the price for 3 units?',
    monitorMode: 'keywords',
    messageCount: 1,
    ...overrides,
  };
}

const HOSTILE = '<!channel> <@U123> <http://evil|bank> & <!here>';
const hostileLead = lead({
  name: `Eve ${HOSTILE}`,
  phone: `+1 ${HOSTILE}`,
  sourceGroup: { id: 'g', name: `Group ${HOSTILE}` },
  keyword: `<kw> & ${HOSTILE}`,
  preview: `Hello ${HOSTILE}\nsee <kw> & ${HOSTILE} too`,
});

const byType = <T extends KnownBlock>(blocks: KnownBlock[], type: T['type']): T[] =>
  blocks.filter((b): b is T => b.type === type);
const actionsOf = (blocks: KnownBlock[]) => byType<ActionsBlock>(blocks, 'actions');
/** The pipeline buttons only (the row also holds Reciprocity and Add to group). */
const statusButtonsOf = (blocks: KnownBlock[]) =>
  ((actionsOf(blocks)[0]?.elements ?? []) as Button[]).filter((b) => b.action_id?.startsWith('lead_status_'));
const contextText = (blocks: KnownBlock[]) => {
  const el = byType<ContextBlock>(blocks, 'context')[0]?.elements[0];
  return el && 'text' in el ? el.text : '';
};
const previewOf = (blocks: KnownBlock[]) => byType<SectionBlock>(blocks, 'section')[1]?.text?.text ?? '';

/** Every mrkdwn string in the message, plus the fallback text (also parsed as mrkdwn). */
function mrkdwnStrings(message: { text: string; blocks: KnownBlock[] }): string[] {
  const found: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'mrkdwn' && typeof obj.text === 'string') found.push(obj.text);
      Object.values(obj).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}

describe('buildLeadCard: escaping', () => {
  it('leaves no raw control character from hostile input in any mrkdwn or fallback string', () => {
    const card = buildLeadCard(hostileLead, { changedBy: 'U0ABC', changedAt: DETECTED });
    const strings = mrkdwnStrings(card);
    expect(strings.length).toBeGreaterThanOrEqual(7);
    for (const s of strings) {
      // Only the app's own tokens may open a '<': date tokens and the validated changer mention.
      const rest = s.replace(/<!date\^\d+\^[^|<>]+\|[^<>]+>/g, '').replace(/<@U0ABC>/g, '');
      expect(rest).not.toContain('<');
      expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(rest.replace(/^>/gm, '')).not.toContain('>');
    }
    const all = strings.join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&lt;http://evil|bank&gt;');
  });

  it('escapes each field and the fallback line', () => {
    const card = buildLeadCard(lead({ name: 'Tom & Jerry <3', sourceGroup: { id: null, name: 'A&B <Co>' } }));
    const fields = byType<SectionBlock>(card.blocks, 'section')[0]?.fields?.map((f) => f.text) ?? [];
    expect(fields).toEqual([
      '*Phone*\n+15551234567',
      '*Source group*\nA&amp;B &lt;Co&gt;',
      '*Keyword*\nprice',
      `*Detected*\n<!date^${EPOCH}^{date_short_pretty} at {time}|2026-11-24 14:05 UTC>`,
    ]);
    expect(card.text).toBe('New lead: Tom &amp; Jerry &lt;3 (+15551234567) in A&amp;B &lt;Co&gt; — "price"');
    expect(card.text).not.toContain('\n');
  });

  it('keeps the header as plain text, truncated to 150, with fallbacks', () => {
    const header = (l: Lead) => byType<HeaderBlock>(buildLeadCard(l).blocks, 'header')[0]?.text;
    expect(header(lead({ name: '<!channel>' }))).toMatchObject({ type: 'plain_text', text: '<!channel>' });
    expect(header(lead({ name: 'x'.repeat(400) }))?.text).toHaveLength(150);
    expect(header(lead({ name: null }))?.text).toBe('+15551234567');
    expect(header(lead({ name: ' ', phone: '' }))?.text).toBe('Unknown contact');
  });
});

describe('buildLeadCard: preview', () => {
  it('quotes the preview with every keyword occurrence bolded, original casing kept', () => {
    const card = buildLeadCard(lead({ preview: 'PRICE?\nThe Price & the price', keyword: 'price' }));
    expect(previewOf(card.blocks)).toBe('>*PRICE*?\n>The *Price* &amp; the *price*');
  });

  it('bolds a keyword containing & and <', () => {
    const card = buildLeadCard(lead({ preview: 'need R&D <asap> now', keyword: 'r&d <ASAP>' }));
    expect(previewOf(card.blocks)).toBe('>need *R&amp;D &lt;asap&gt;* now');
  });

  it('uses a plain quote when the keyword is absent, and a note when there is no preview', () => {
    expect(previewOf(buildLeadCard(lead({ keyword: 'discount' })).blocks)).toBe(
      '>Hi, what is the price for 3 units?',
    );
    expect(previewOf(buildLeadCard(lead({ keyword: null })).blocks)).not.toContain('*');
    expect(previewOf(buildLeadCard(lead({ preview: null })).blocks)).toBe('_No message preview_');
    expect(previewOf(buildLeadCard(lead({ preview: '  ' })).blocks)).toBe('_No message preview_');
  });

  it('keeps a huge hostile preview and fields within Block Kit limits', () => {
    const big = '<&>'.repeat(5000);
    const card = buildLeadCard(
      lead({ preview: `${big}\n\n\n\n\n${big}`, keyword: '&', name: big, phone: big }),
    );
    const preview = previewOf(card.blocks);
    expect(preview.length).toBeLessThanOrEqual(3000);
    expect(preview.endsWith('…')).toBe(true);
    expect(preview).not.toMatch(/&(?!amp;|lt;|gt;)/);
    for (const f of byType<SectionBlock>(card.blocks, 'section')[0]?.fields ?? []) {
      expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    const total = mrkdwnStrings(card).reduce((n, s) => n + s.length, 0);
    expect(total).toBeLessThan(12_000);
    expect(card.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('buildLeadCard: buttons and context', () => {
  it.each(PIPELINE_STATUSES)('offers exactly the allowed transitions from %s', (status) => {
    const card = buildLeadCard(lead({ status }));
    const actions = actionsOf(card.blocks);
    const allowed = allowedTransitions(status);
    // One row: the moves, then Reciprocity and Add to group (still useful at the end of the pipeline).
    expect(actions).toHaveLength(1);
    const buttons = actions[0]?.elements as Button[];
    expect(buttons.map((b) => b.action_id)).toEqual([
      ...allowed.map((to) => `lead_status_${to}`),
      'lead_reciprocity',
      'lead_add_to_group',
    ]);
    for (const b of buttons) {
      expect(b.value).toBe(lead().id);
      expect(b.text.text.length).toBeLessThanOrEqual(75);
    }
    expect(buttons.find((b) => b.action_id === 'lead_status_lost')?.style ?? 'danger').toBe('danger');
    expect(buttons.find((b) => b.action_id === 'lead_status_converted')?.style ?? 'primary').toBe('primary');
  });

  it('shows Reopen as the only button on a lost lead', () => {
    const buttons = statusButtonsOf(buildLeadCard(lead({ status: 'lost' })).blocks);
    expect(buttons.map((b) => [b.text.text, b.action_id])).toEqual([['Reopen', 'lead_status_new']]);
  });

  it('says who changed the status and when, only for a valid Slack user id', () => {
    const at = new Date('2026-11-25T09:00:00Z');
    const set = contextText(
      buildLeadCard(lead({ status: 'contacted' }), { changedBy: 'U123ABC', changedAt: at }).blocks,
    );
    expect(set).toBe(
      `Status: *Contacted* · set by <@U123ABC> <!date^${at.getTime() / 1000}^{date_short_pretty} at {time}|2026-11-25 09:00 UTC>`,
    );
    const bad = contextText(buildLeadCard(lead(), { changedBy: 'U1> <!channel' }).blocks);
    expect(bad).toBe('Status: *New*');
    expect(contextText(buildLeadCard(lead(), { changedOutside: true }).blocks)).toBe(
      'Status: *New* · changed in MoltFlow',
    );
  });

  it('has no buttons and says so when the lead is gone', () => {
    const card = buildLeadCard(lead(), { gone: true });
    expect(actionsOf(card.blocks)).toHaveLength(0);
    expect(contextText(card.blocks)).toContain('no longer exists in MoltFlow');
  });

  it('uses a new actions block_id for each revision', () => {
    const id = (revision: number) => actionsOf(buildLeadCard(lead(), { revision }).blocks)[0]?.block_id;
    expect(id(1)).toBeDefined();
    expect(id(1)).not.toBe(id(2));
    expect(id(1)?.startsWith(CARD_VIEW.actionsBlockPrefix)).toBe(true);
    const byStatus = (status: LeadStatus) => actionsOf(buildLeadCard(lead({ status })).blocks)[0]?.block_id;
    expect(byStatus('new')).not.toBe(byStatus('contacted'));
  });

  it('carries the lead id and status in the message metadata', () => {
    expect(buildLeadCard(lead({ status: 'qualified' })).metadata).toEqual({
      event_type: 'moltflow_lead_card',
      event_payload: { lead_id: lead().id, status: 'qualified' },
    });
  });
});

describe('parseLeadStatusAction', () => {
  it('round-trips every button the card builds', () => {
    for (const status of PIPELINE_STATUSES) {
      for (const b of statusButtonsOf(buildLeadCard(lead({ status })).blocks)) {
        const parsed = parseLeadStatusAction(b);
        expect(parsed).toEqual({ leadId: lead().id, to: b.action_id?.slice('lead_status_'.length) });
        expect(allowedTransitions(status)).toContain(parsed?.to);
      }
    }
  });

  it.each([
    {},
    { action_id: 'lead_status_new' },
    { action_id: 'lead_status_archived', value: 'abc' },
    { action_id: 'xlead_status_new', value: 'abc' },
    { action_id: 'lead_status_new', value: '' },
    { action_id: 'lead_status_new', value: 42 },
    { action_id: 'lead_status_new', value: '<!channel>' },
    { action_id: 7, value: 'abc' },
  ])('returns null for %j', (action) => {
    expect(parseLeadStatusAction(action)).toBeNull();
  });
});

import type { ActionsBlock, Button, HeaderBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import { buildLeadDetail } from '../../../src/features/leads/lead-detail-view.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

const HOSTILE = '<!channel> & <@U123>';
const lead = (over: Partial<Lead> = {}): Lead => ({
  id: '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f',
  phone: '+15551234567',
  name: 'Ana Souza',
  status: 'contacted',
  score: 7,
  detectedAt: new Date('2026-11-24T14:05:00Z'),
  sourceGroup: { id: 'g1', name: 'Buyers Club' },
  keyword: 'price',
  preview: 'Hi, what is the price?',
  monitorMode: 'keywords',
  messageCount: 3,
  ...over,
});

describe('buildLeadDetail', () => {
  it('shows message count, trigger, status and group, with the card’s buttons', () => {
    const detail = buildLeadDetail(lead());
    const fields = (detail.blocks.find((b) => b.type === 'section') as SectionBlock).fields?.map(
      (f) => f.text,
    );
    expect(fields).toEqual([
      '*Phone*\n+15551234567',
      '*Status*\nContacted',
      '*Source group*\nBuyers Club',
      '*Trigger*\n“price” (keywords)',
      expect.stringMatching(/^\*Detected\*\n<!date\^\d+\^/),
      '*Messages*\n3 messages',
      '*Score*\n7',
    ]);
    const actions = detail.blocks.find((b) => b.type === 'actions') as ActionsBlock;
    expect((actions.elements as Button[]).map((b) => [b.action_id, b.value])).toEqual([
      ['lead_status_qualified', lead().id],
      ['lead_status_converted', lead().id],
      ['lead_status_lost', lead().id],
      ['lead_reciprocity', lead().id],
      ['lead_add_to_group', lead().id],
    ]);
    expect(detail.text).toBe('Lead Ana Souza (Contacted)');
    expect(validateBlocks(detail.blocks, 'message')).toEqual([]);
  });

  it('puts a notice on top and drops the buttons when the lead is gone', () => {
    const detail = buildLeadDetail(lead({ messageCount: null, score: 0 }), { notice: 'hello', gone: true });
    expect(detail.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'hello' }] });
    expect(detail.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(detail)).toContain('unknown');
    expect(JSON.stringify(detail)).not.toContain('Score');
  });

  it('escapes everything that came from WhatsApp', () => {
    const detail = buildLeadDetail(
      lead({
        name: HOSTILE,
        phone: HOSTILE,
        keyword: HOSTILE,
        preview: HOSTILE,
        sourceGroup: { id: 'g', name: HOSTILE },
      }),
    );
    const header = detail.blocks.find((b) => b.type === 'header') as HeaderBlock;
    expect(header.text.text).toBe(HOSTILE); // plain_text is shown literally
    const withoutHeader = JSON.stringify({
      ...detail,
      blocks: detail.blocks.filter((b) => b.type !== 'header'),
    });
    expect(withoutHeader).not.toMatch(/<!channel>|<@U123>/);
    expect(withoutHeader).toContain('&lt;!channel&gt;');
  });
});

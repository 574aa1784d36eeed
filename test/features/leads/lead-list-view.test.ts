import type { ActionsBlock, Button, KnownBlock, Overflow, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import {
  buildLeadList,
  encodeListState,
  type LeadListState,
  LIST_VIEW,
  pageRange,
  parseListState,
  parseRowChoice,
} from '../../../src/features/leads/lead-list-view.js';
import { MAX_SEARCH } from '../../../src/features/leads/leads-query.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

const UUID = '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f';
const HOSTILE = '<!channel> & <@U123>';

function lead(i: number, overrides: Partial<Lead> = {}): Lead {
  return {
    id: `${UUID.slice(0, -2)}${String(i).padStart(2, '0')}`,
    phone: `+1555000${String(i).padStart(4, '0')}`,
    name: `Lead ${i}`,
    status: 'new',
    score: null,
    detectedAt: new Date('2026-11-24T14:05:00Z'),
    sourceGroup: { id: 'g1', name: 'Buyers Club' },
    keyword: 'price',
    preview: 'what is the price?',
    monitorMode: 'keywords',
    messageCount: null,
    ...overrides,
  };
}

const state = (over: Partial<LeadListState> = {}): LeadListState => ({
  status: 'new',
  search: null,
  groupId: null,
  groupName: null,
  offset: 0,
  ...over,
});
const rows = (blocks: KnownBlock[]) =>
  blocks.filter(
    (b): b is SectionBlock => b.type === 'section' && (b as SectionBlock).accessory !== undefined,
  );
const pagerButtons = (blocks: KnownBlock[]) =>
  ((blocks.find((b) => b.type === 'actions') as ActionsBlock | undefined)?.elements ?? []) as Button[];

describe('buildLeadList', () => {
  it('shows the range of the total, one row per lead with its moves and Show details', () => {
    const leads = Array.from({ length: 10 }, (_, i) => lead(i));
    const page = buildLeadList({ leads, total: 47, state: state({ offset: 10 }) });
    expect(page.text).toBe('New leads: 11–20 of 47');
    expect(JSON.stringify(page.blocks[0])).toContain('11–20 of 47');
    expect(rows(page.blocks)).toHaveLength(10);
    const menu = rows(page.blocks)[0]?.accessory as Overflow;
    expect(menu.action_id).toBe(LIST_VIEW.rowActionId);
    expect(menu.options.map((o) => o.value)).toEqual([
      `move:contacted:${leads[0]?.id}`,
      `move:qualified:${leads[0]?.id}`,
      `move:converted:${leads[0]?.id}`,
      `move:lost:${leads[0]?.id}`,
      `show:${leads[0]?.id}`,
    ]);
    expect(pagerButtons(page.blocks).map((b) => [b.action_id, parseListState(b.value)?.offset])).toEqual([
      ['lead_list_prev', 0],
      ['lead_list_next', 20],
    ]);
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
  });

  it('offers only Show details for a converted lead, and Reopen for a lost one', () => {
    const page = buildLeadList({
      leads: [lead(1, { status: 'converted' }), lead(2, { status: 'lost' })],
      total: 2,
      state: state({ status: 'all' }),
    });
    const menus = rows(page.blocks).map((r) => (r.accessory as Overflow).options.map((o) => o.text.text));
    expect(menus).toEqual([['Show details'], ['Reopen', 'Show details']]);
    expect(pagerButtons(page.blocks)).toEqual([]);
  });

  it('has no Next on the last page and no Prev on the first', () => {
    const last = buildLeadList({ leads: [lead(1), lead(2)], total: 42, state: state({ offset: 40 }) });
    expect(last.text).toContain('41–42 of 42');
    expect(pagerButtons(last.blocks).map((b) => b.action_id)).toEqual(['lead_list_prev']);
    const unknownTotal = buildLeadList({
      leads: Array.from({ length: 10 }, (_, i) => lead(i)),
      total: null,
      state: state(),
    });
    expect(unknownTotal.text).toBe('New leads: 1–10');
    expect(pagerButtons(unknownTotal.blocks).map((b) => b.action_id)).toEqual(['lead_list_next']);
  });

  it('shows ten rows when MoltFlow sends more than a page, and Next goes on after them', () => {
    const leads = Array.from({ length: 60 }, (_, i) => lead(i));
    for (const total of [60, null]) {
      const page = buildLeadList({ leads, total, state: state({ offset: 20 }) });
      expect(validateBlocks(page.blocks, 'message')).toEqual([]);
      expect(rows(page.blocks)).toHaveLength(10);
      expect(page.text).toContain('21–30');
      const next = pagerButtons(page.blocks).find((b) => b.action_id === 'lead_list_next');
      expect(parseListState(next?.value)?.offset).toBe(30);
    }
  });

  it('says what it looked for when nothing matches, escaping the search', () => {
    const page = buildLeadList({ leads: [], total: 0, state: state({ search: HOSTILE }) });
    const text = JSON.stringify(page);
    expect(text).toContain('No *New* leads matching “&lt;!channel&gt; &amp; &lt;@U123&gt;”');
    expect(text).toContain('`/leads all`');
    expect(text).not.toContain('<!channel>');
  });

  it('escapes every untrusted field of a row', () => {
    const page = buildLeadList({
      leads: [lead(1, { name: HOSTILE, sourceGroup: { id: 'g', name: HOSTILE }, keyword: HOSTILE })],
      total: 1,
      state: state({ groupId: 'g', groupName: HOSTILE }),
    });
    const text = (rows(page.blocks)[0]?.text?.text ?? '') + page.text + JSON.stringify(page.blocks[0]);
    expect(text).not.toMatch(/<!channel>|<@U123>/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('fits the filters in every row block_id, even for the longest search full of quotes', () => {
    const worst = state({
      status: 'qualified',
      search: '"\\'.repeat(MAX_SEARCH / 2),
      groupId: UUID,
      groupName: 'N'.repeat(200),
      offset: 999_990,
    });
    const page = buildLeadList({
      leads: Array.from({ length: 10 }, (_, i) => lead(i)),
      total: 1e6,
      state: worst,
    });
    for (const row of rows(page.blocks)) {
      expect(row.block_id?.length).toBeLessThanOrEqual(255);
      const back = parseListState(row.block_id);
      expect(back).toMatchObject({
        status: 'qualified',
        search: worst.search,
        groupId: UUID,
        offset: 999_990,
      });
    }
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
  });
});

describe('list state and row choices', () => {
  it('round-trips the state and refuses altered ones', () => {
    const s = state({ status: 'all', search: 'maria', groupId: UUID, groupName: 'Buyers', offset: 30 });
    expect(parseListState(encodeListState(s))).toEqual(s);
    expect(parseListState(`lead_row_3|${encodeListState(s)}`)).toEqual(s);
    for (const bad of [undefined, '', 'lead_row_1', '{"s":"spam","o":0}', '{"s":"new","o":-10}', '{nope']) {
      expect(parseListState(bad)).toBeNull();
    }
  });

  it('reads only the choices the list builds', () => {
    expect(parseRowChoice(`move:lost:${UUID}`)).toEqual({ kind: 'move', to: 'lost', leadId: UUID });
    expect(parseRowChoice(`show:${UUID}`)).toEqual({ kind: 'show', leadId: UUID });
    for (const bad of [undefined, 42, 'move:spam:x', 'show:<!channel>', 'move:new:', `delete:${UUID}`]) {
      expect(parseRowChoice(bad)).toBeNull();
    }
  });

  it('words ranges', () => {
    expect(pageRange(0, 10, 47)).toBe('1–10 of 47');
    expect(pageRange(40, 7, 47)).toBe('41–47 of 47');
    expect(pageRange(0, 0, 0)).toBe('none of 0');
  });
});

import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../src/domain/lead.js';
import {
  decodeLeadOption,
  decodeLeadsBulkAction,
  encodeLeadOption,
  encodeLeadsBulkMeta,
  parseLeadsBulkMeta,
} from '../../../src/features/leads-bulk/leads-bulk-encoding.js';
import {
  buildLeadOption,
  buildLeadsBulkModal,
  readLeadsBulkFilters,
  readLeadsBulkSubmission,
} from '../../../src/features/leads-bulk/leads-bulk-form.js';
import {
  buildLeadsBulkMoveResultText,
  buildNoValidMoveText,
} from '../../../src/features/leads-bulk/leads-bulk-messages.js';
import { validateView } from '../../helpers/block-kit-rules.js';

const UUID = '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f';
const lead = (over: Partial<Lead> = {}): Lead => ({
  id: UUID,
  phone: '+15550001111',
  name: 'Ana',
  status: 'new',
  score: null,
  detectedAt: new Date(0),
  sourceGroup: null,
  keyword: null,
  preview: null,
  monitorMode: null,
  messageCount: null,
  ...over,
});

describe('leads-bulk modal values', () => {
  it('packs id, status and phone into at most 75 characters, dropping what does not fit', () => {
    expect(encodeLeadOption(lead())).toBe(`${UUID}|new|+15550001111`);
    expect(decodeLeadOption(`${UUID}|new|+15550001111`, 'Ana')).toEqual({
      id: UUID,
      status: 'new',
      phone: '+15550001111',
      label: 'Ana',
    });
    const longId = 'x'.repeat(64);
    expect(encodeLeadOption(lead({ id: longId, phone: '+1 555 000 1111 2222' }))).toBe(`${longId}|new`);
    expect(encodeLeadOption(lead({ id: 'y'.repeat(76) }))).toBeNull();
    expect(decodeLeadOption('<script>|new')).toBeNull();
    expect(decodeLeadOption(`${UUID}|bogus`)?.status).toBeNull();
  });

  it('reads actions strictly', () => {
    expect(decodeLeadsBulkAction('status:lost')).toEqual({ kind: 'move', to: 'lost' });
    expect(decodeLeadsBulkAction(`group:${UUID}`)).toEqual({ kind: 'group', groupId: UUID });
    expect(decodeLeadsBulkAction('status:spam')).toBeNull();
    expect(decodeLeadsBulkAction('group:a b')).toBeNull();
    expect(decodeLeadsBulkAction(undefined)).toBeNull();
  });

  it('round-trips its metadata and refuses altered metadata', () => {
    const meta = { channel: 'C1', filters: { status: 'lost' as const, groupId: 'g', search: 'x' } };
    expect(parseLeadsBulkMeta(encodeLeadsBulkMeta(meta))).toEqual(meta);
    expect(parseLeadsBulkMeta('{"c":"C1","s":"spam","g":null,"q":null}')).toBeNull();
    expect(parseLeadsBulkMeta('nope')).toBeNull();
  });

  it('reads filters and the submission from view state, ignoring the "any" choices', () => {
    const values = {
      leads_bulk_status: { leads_bulk_status_pick: { selected_option: { value: 'any' } } },
      leads_bulk_group: { leads_bulk_group_pick: { selected_option: { value: 'g1' } } },
      leads_bulk_search: { leads_bulk_search_text: { value: '  maria ' } },
      leads_bulk_leads: {
        leads_bulk_leads_pick: {
          selected_options: [
            { value: `${UUID}|new|+1`, text: { text: 'Ana · +1 · New' } },
            { value: '!!', text: { text: 'bad' } },
          ],
        },
      },
      leads_bulk_action: { leads_bulk_action_pick: { selected_option: { value: 'status:contacted' } } },
    };
    expect(readLeadsBulkFilters({ values })).toEqual({ status: null, groupId: 'g1', search: 'maria' });
    expect(readLeadsBulkFilters({ values: {} })).toBeNull();
    expect(readLeadsBulkSubmission({ values })).toEqual({
      leads: [{ id: UUID, status: 'new', phone: '+1', label: 'Ana · +1 · New' }],
      action: { kind: 'move', to: 'contacted' },
    });
  });
});

describe('buildLeadsBulkModal', () => {
  it('stays within Slack limits with 100 groups of long names', () => {
    const long = 'G'.repeat(200);
    const view = buildLeadsBulkModal(
      { channel: 'C1', filters: { status: 'new', groupId: 'm5', search: 'x' } },
      {
        monitored: Array.from({ length: 150 }, (_, i) => ({ id: `m${i}`, name: long, isActive: true })),
        custom: Array.from({ length: 120 }, (_, i) => ({
          id: `c${i}`,
          name: long,
          memberCount: 1,
          createdAt: null,
        })),
        matching: 12345,
      },
    );
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('12,345 leads match these filters');
  });

  it('builds picker options of at most 75 characters', () => {
    const option = buildLeadOption(
      lead({ name: 'N'.repeat(200), phone: '+1'.padEnd(30, '9'), status: 'qualified' }),
    );
    expect(option?.text.text.length).toBeLessThanOrEqual(75);
    expect(option?.text.text).toMatch(/ · Qualified$/);
  });
});

describe('leads-bulk results', () => {
  it('lists each failure with the picked label, escaped, and caps the list', () => {
    const picked = [{ id: 'a', status: 'new' as const, phone: null, label: 'Ana <!here>' }];
    const failures = [
      { leadId: 'a', reason: 'nope & <b>' },
      ...Array.from({ length: 30 }, (_, i) => ({ leadId: null, reason: `r${i}` })),
    ];
    const text = buildLeadsBulkMoveResultText({ updated: 0, failed: 31, failures }, 'qualified', picked);
    expect(text.split('\n').slice(0, 3)).toEqual([
      ':warning: No leads were moved to *Qualified*.',
      '*31 leads could not be moved:*',
      '• *Ana &lt;!here&gt;*: nope &amp; &lt;b&gt;',
    ]);
    expect(text).toMatch(/…and 6 more$/);
    expect(text).not.toContain('<!here>');
  });

  it('refuses a move only when no picked lead could make it', () => {
    const p = (status: 'new' | 'converted' | null) => ({ id: 'x', status, phone: null, label: null });
    expect(buildNoValidMoveText('contacted', [p('converted'), p('converted')])).toBe(
      'None of the picked leads can move to Contacted (2 Converted). Choose another status.',
    );
    expect(buildNoValidMoveText('contacted', [p('converted'), p('new')])).toBeNull();
    expect(buildNoValidMoveText('contacted', [p('converted'), p(null)])).toBeNull();
  });
});

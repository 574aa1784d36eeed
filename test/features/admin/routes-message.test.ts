import { describe, expect, it } from 'vitest';
import { buildRoutesMessage } from '../../../src/features/admin/routes-views.js';
import { buildRouteFallbackNote } from '../../../src/features/lead-feed/index.js';
import {
  buildAddToGroupLoading,
  buildAddToGroupModal,
  parseAddToGroupSubmission,
} from '../../../src/features/leads/add-to-group-form.js';
import type { LeadRoute } from '../../../src/store/index.js';
import { validateBlocks, validateView } from '../../helpers/block-kit-rules.js';

const route = (i: number, over: Partial<LeadRoute> = {}): LeadRoute => ({
  sourceGroupId: `g${i}`,
  sourceGroupName: `<!channel> group ${i} ${'x'.repeat(200)}`,
  channel: `C0${i}`,
  setBy: 'U0ANA',
  setAt: new Date('2026-03-01T10:00:00Z'),
  failingSince: null,
  lastError: null,
  ...over,
});

describe('buildRoutesMessage', () => {
  it('fits 60 routes into one message, escaping group names, with a Remove button each', () => {
    const message = buildRoutesMessage(
      Array.from({ length: 60 }, (_, i) =>
        route(i, i === 0 ? { failingSince: new Date(), lastError: 'is_archived' } : {}),
      ),
      'C0LEADS',
    );
    expect(validateBlocks(message.blocks, 'message')).toEqual([]);
    const shown = JSON.stringify(message.blocks);
    expect(shown).not.toContain('<!channel>');
    expect(shown).toContain('…and 15 more');
    expect(shown).toContain('the channel is archived');
    expect(message.text).toBe('60 lead routes, 1 not working; other leads go to <#C0LEADS>.');
  });

  it('names an unknown refusal as Slack gave it', () => {
    expect(buildRouteFallbackNote('C1', 'weird_<x>')).toBe(
      ":warning: Couldn't post in <#C1>: Slack said `weird_&lt;x&gt;` — the route is flagged in `/moltflow routes`.",
    );
  });
});

describe('add-to-group modal', () => {
  const meta = { leadId: 'l1', channel: 'C1', name: '<!here> Bea', phone: '+1555' };

  it('is valid while loading and once drawn, with 100 groups and a warning', () => {
    expect(validateView(buildAddToGroupLoading(meta))).toEqual([]);
    const groups = Array.from({ length: 130 }, (_, i) => ({
      id: `g${i}`,
      name: 'N'.repeat(300),
      memberCount: 1000,
      createdAt: null,
    }));
    const view = buildAddToGroupModal(meta, groups, { kind: 'never', session: 'Main <phone>' });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('never messaged Main &lt;phone&gt;');
    expect(JSON.stringify(view.blocks)).not.toContain('<!here>');
  });

  it('makes the name required when there are no groups to choose from', () => {
    const view = buildAddToGroupModal(meta, [], { kind: 'unknown', why: 'x' });
    const input = view.blocks.find((b) => b.type === 'input') as { optional?: boolean; block_id?: string };
    expect(input.block_id).toBe('atg_new');
    expect(input.optional).toBe(false);
  });

  it('refuses altered metadata', () => {
    const view = {
      private_metadata: '{"leadId":"<x>","channel":"C1","name":null,"phone":null}',
      state: { values: { atg_new: { atg_new_name: { value: 'VIP' } } } },
    };
    expect(parseAddToGroupSubmission(view)).toBeNull();
  });
});

import type { InputBlock, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buildReciprocityAnswer } from '../../../src/features/leads/leads-messages.js';
import {
  buildReciprocityModal,
  parseReciprocitySubmission,
  RECIPROCITY_MODAL,
} from '../../../src/features/leads/reciprocity-form.js';
import { validateView } from '../../helpers/block-kit-rules.js';

const AT = new Date('2026-11-24T14:05:00Z');

describe('buildReciprocityAnswer', () => {
  it('says when the contact wrote first, with a date token', () => {
    const text = buildReciprocityAnswer({
      who: 'Ana',
      session: 'Sales',
      result: { hasMessagedFirst: true, lastInboundAt: AT },
    });
    expect(text).toMatch(
      /^:white_check_mark: \*Ana\* messaged you first on \*Sales\* \(last message <!date\^1795529100\^/,
    );
  });

  it('warns about a ban risk when they never wrote, escaping names', () => {
    const text = buildReciprocityAnswer({
      who: '<!channel>',
      session: null,
      result: { hasMessagedFirst: false, lastInboundAt: null },
    });
    expect(text).toContain(
      '*&lt;!channel&gt;* has not messaged you first, so a cold message risks a WhatsApp ban',
    );
    expect(
      buildReciprocityAnswer({
        who: null,
        session: null,
        result: { hasMessagedFirst: true, lastInboundAt: null },
      }),
    ).toBe(':white_check_mark: This contact messaged you first, so you can write back.');
  });
});

describe('reciprocity session picker', () => {
  const sessions = [
    { id: 's-1', name: 'Sales', status: 'working', phoneNumber: '+15550001111' },
    { id: 's-2', name: 'Support', status: 'working', phoneNumber: null },
  ];
  const meta = { leadId: 'lead-1', channel: 'C0LEADS01', who: 'Ana' };

  it('offers the working numbers within Slack limits and reads the choice back', () => {
    const view = buildReciprocityModal(meta, sessions);
    expect(validateView(view)).toEqual([]);
    const input = view.blocks.find((b) => b.type === 'input') as InputBlock;
    const select = input.element as StaticSelect;
    expect(select.options?.map((o) => [o.text.text, o.value])).toEqual([
      ['Sales (+15550001111)', 's-1'],
      ['Support', 's-2'],
    ]);
    const submitted = {
      private_metadata: view.private_metadata,
      state: {
        values: {
          [RECIPROCITY_MODAL.sessionBlockId]: {
            [RECIPROCITY_MODAL.sessionActionId]: { selected_option: select.options?.[0] },
          },
        },
      },
    };
    expect(parseReciprocitySubmission(submitted)).toEqual({
      ok: true,
      meta,
      session: { id: 's-1', name: 'Sales' },
    });
  });

  it('puts a missing choice on the field and ignores altered metadata', () => {
    const view = buildReciprocityModal(meta, sessions);
    expect(
      parseReciprocitySubmission({ private_metadata: view.private_metadata, state: { values: {} } }),
    ).toEqual({
      ok: false,
      errors: { [RECIPROCITY_MODAL.sessionBlockId]: 'Pick a WhatsApp number.' },
    });
    expect(
      parseReciprocitySubmission({ private_metadata: '{"leadId":"<!x>"}', state: { values: {} } }),
    ).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../helpers/block-kit-rules.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (over: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'a',
  text: plain('Go'),
  ...over,
});
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const x = (n: number) => 'x'.repeat(n);

describe('validateBlocks', () => {
  it('accepts a realistic lead card at the limits', () => {
    const blocks = [
      { type: 'header', text: plain(x(150)) },
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) },
      section(x(3000)),
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('ctx')) },
      actions(button({ text: plain(x(75)), value: x(2000), action_id: x(255) }), button({ action_id: 'b' })),
      { type: 'divider', block_id: x(255) },
    ];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
  });

  it.each([
    ['51 blocks in a message', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks'],
    ['section text over 3000', [section(x(3001))], '/blocks/0/text/text'],
    [
      '11 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      '/blocks/0/fields',
    ],
    ['a field over 2000', [{ type: 'section', fields: [mrkdwn(x(2001))] }], '/blocks/0/fields/0/text'],
    ['header over 150', [{ type: 'header', text: plain(x(151)) }], '/blocks/0/text/text'],
    ['mrkdwn header', [{ type: 'header', text: mrkdwn('hi') }], '/blocks/0/text/type'],
    ['button text over 75', [actions(button({ text: plain(x(76)) }))], '/blocks/0/elements/0/text/text'],
    ['button value over 2000', [actions(button({ value: x(2001) }))], '/blocks/0/elements/0/value'],
    ['action_id over 255', [actions(button({ action_id: x(256) }))], '/blocks/0/elements/0/action_id'],
    ['block_id over 255', [{ type: 'divider', block_id: x(256) }], '/blocks/0/block_id'],
    [
      'duplicate block_id',
      [
        { type: 'divider', block_id: 'd' },
        { type: 'divider', block_id: 'd' },
      ],
      '/blocks/1/block_id',
    ],
    [
      '26 action elements',
      [actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })))],
      '/blocks/0/elements',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      '/blocks/0/elements',
    ],
    ['empty plain_text', [{ type: 'header', text: plain('') }], '/blocks/0/text/text'],
    ['unknown block type', [{ type: 'sectoin', text: mrkdwn('typo') }], '/blocks/0/type'],
  ])('rejects %s', (_name, blocks, pointer) => {
    const errors = validateBlocks(blocks, 'message');
    expect(errors.some((e) => e.endsWith(`[json-pointer:${pointer}]`))).toBe(true);
  });

  it('allows 100 blocks in a modal but not 101', () => {
    const many = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateBlocks(many(100), 'modal')).toEqual([]);
    expect(validateBlocks(many(101), 'modal')).toEqual([
      'no more than 100 items allowed [json-pointer:/blocks]',
    ]);
  });
});

describe('validateView', () => {
  const modal = (over: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: plain('Schedule'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: 'name_b',
        label: plain('Name'),
        element: { type: 'plain_text_input', action_id: 'name' },
      },
    ],
    ...over,
  });

  it('accepts a normal modal and refuses 25-character title, submit and close', () => {
    expect(validateView(modal())).toEqual([]);
    for (const key of ['title', 'submit', 'close']) {
      expect(validateView(modal({ [key]: plain(x(25)) }))).toEqual([
        `must be less than 25 characters [json-pointer:/view/${key}/text]`,
      ]);
    }
  });

  it('requires submit when the modal has an input block', () => {
    expect(validateView(modal({ submit: undefined }))).toEqual([
      'must define submit to use input block [json-pointer:/view]',
    ]);
  });
});

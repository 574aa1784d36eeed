import { describe, expect, it } from 'vitest';
import { validateBlocks, validateMessage, validateView } from '../helpers/block-kit-rules.js';

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
const opt = (text: string, value = text) => ({ text: plain(text), value });
const pick = (over: Record<string, unknown>) => ({
  type: 'section',
  text: mrkdwn('Pick'),
  accessory: { type: 'static_select', action_id: 'pick', ...over },
});

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
    ['option text over 75', [pick({ options: [opt(x(76))] })], '/blocks/0/accessory/options/0/text/text'],
    ['option value over 150', [pick({ options: [opt('a', x(151))] })], '/blocks/0/accessory/options/0/value'],
    [
      '101 options',
      [pick({ options: Array.from({ length: 101 }, (_, i) => opt(`o${i}`)) })],
      '/blocks/0/accessory/options',
    ],
    [
      'an initial option not offered',
      [pick({ options: [opt('a')], initial_option: opt('b') })],
      '/blocks/0/accessory/initial_option',
    ],
    [
      'an initial option whose text differs from the offered one',
      [pick({ options: [opt('a', 'v')], initial_option: opt('A', 'v') })],
      '/blocks/0/accessory/initial_option',
    ],
    [
      'initial options of checkboxes not offered',
      [pick({ type: 'checkboxes', options: [opt('a')], initial_options: [opt('z')] })],
      '/blocks/0/accessory/initial_options/0',
    ],
    [
      'an option group label over 75',
      [pick({ option_groups: [{ label: plain(x(76)), options: [opt('a')] }] })],
      '/blocks/0/accessory/option_groups/0/label/text',
    ],
    [
      '101 options in a group',
      [
        pick({
          option_groups: [
            { label: plain('g'), options: Array.from({ length: 101 }, (_, i) => opt(`o${i}`)) },
          ],
        }),
      ],
      '/blocks/0/accessory/option_groups/0/options',
    ],
    [
      '6 overflow options',
      [pick({ type: 'overflow', options: Array.from({ length: 6 }, (_, i) => opt(`o${i}`)) })],
      '/blocks/0/accessory/options',
    ],
    ['an overflow with no options', [pick({ type: 'overflow', options: [] })], '/blocks/0/accessory/options'],
    [
      '11 radio buttons',
      [pick({ type: 'radio_buttons', options: Array.from({ length: 11 }, (_, i) => opt(`o${i}`)) })],
      '/blocks/0/accessory/options',
    ],
    [
      'a placeholder over 150',
      [pick({ options: [opt('a')], placeholder: plain(x(151)) })],
      '/blocks/0/accessory/placeholder/text',
    ],
    [
      'a timepicker at 24:00',
      [pick({ type: 'timepicker', initial_time: '24:00' })],
      '/blocks/0/accessory/initial_time',
    ],
    [
      'a datepicker with a time',
      [pick({ type: 'datepicker', initial_date: '2026-03-01T09:00' })],
      '/blocks/0/accessory/initial_date',
    ],
    [
      'a button label over 75 for screen readers',
      [actions(button({ accessibility_label: x(76) }))],
      '/blocks/0/elements/0/accessibility_label',
    ],
    [
      'an input label over 2000',
      [{ type: 'input', label: plain(x(2001)), element: { type: 'plain_text_input', action_id: 'a' } }],
      '/blocks/0/label/text',
    ],
  ])('rejects %s', (_name, blocks, pointer) => {
    const errors = validateBlocks(blocks, 'message');
    expect(errors.some((e) => e.endsWith(`[json-pointer:${pointer}]`))).toBe(true);
  });

  it('accepts offered initial options, in options or in option groups', () => {
    const groups = [{ label: plain('G'), options: [opt('a'), opt('b')] }];
    expect(
      validateBlocks(
        [
          pick({ options: [opt('a'), opt('b')], initial_option: opt('b') }),
          pick({ option_groups: groups, initial_option: opt('a') }),
          pick({ type: 'external_select', initial_option: opt('z') }),
          pick({ type: 'timepicker', initial_time: '23:59' }),
        ],
        'message',
      ),
    ).toEqual([]);
  });

  it('allows 100 blocks in a modal but not 101', () => {
    const many = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateBlocks(many(100), 'modal')).toEqual([]);
    expect(validateBlocks(many(101), 'modal')).toEqual([
      'no more than 100 items allowed [json-pointer:/blocks]',
    ]);
  });
});

describe('validateMessage', () => {
  it('wants fallback text of at most 40,000 characters beside the blocks', () => {
    const blocks = [section('hi')];
    expect(validateMessage({ text: x(40_000), blocks })).toEqual([]);
    expect(validateMessage({ text: x(40_001), blocks })).toEqual([
      'must be less than 40001 characters [json-pointer:/text]',
    ]);
    expect(validateMessage({ blocks })).toEqual([
      'must provide text as the fallback of blocks [json-pointer:/text]',
    ]);
    expect(validateMessage({ text: 'hi', blocks: [section(x(3001))] })).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
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

  it('refuses private_metadata over 3,000 characters', () => {
    expect(validateView(modal({ private_metadata: x(3000) }))).toEqual([]);
    expect(validateView(modal({ private_metadata: x(3001) }))).toEqual([
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
  });

  it('requires submit when the modal has an input block', () => {
    expect(validateView(modal({ submit: undefined }))).toEqual([
      'must define submit to use input block [json-pointer:/view]',
    ]);
  });
});

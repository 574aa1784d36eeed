import { describe, expect, it } from 'vitest';
import { describeFilters, parseLeadFilters, tokenize } from '../../src/domain/lead-filters.js';

describe('parseLeadFilters', () => {
  it.each([
    ['', {}],
    ['qualified', { status: 'qualified' }],
    ['Status:LOST', { status: 'lost' }],
    ['status new search price list', { status: 'new', search: 'price list' }],
    ['group Buyers Club contacted', { group: 'Buyers Club contacted' }],
    [
      'contacted group Buyers Club search "a b"',
      { status: 'contacted', group: 'Buyers Club', search: 'a b' },
    ],
    ['search “ümlaut & co”', { search: 'ümlaut & co' }],
    ['status qualified new', { status: 'new' }],
  ])('reads %j', (text, filters) => {
    expect(parseLeadFilters(text)).toEqual({ ok: true, filters });
  });

  it.each([
    ['status maybe', { kind: 'unknown_status', value: 'maybe' }],
    ['status', { kind: 'missing_value', key: 'status' }],
    ['search', { kind: 'missing_value', key: 'search' }],
    ['group search x', { kind: 'missing_value', key: 'group' }],
    ['hello', { kind: 'unexpected', value: 'hello' }],
    ['new "quoted words"', { kind: 'unexpected', value: 'quoted words' }],
  ])('refuses %j', (text, problem) => {
    expect(parseLeadFilters(text)).toEqual({ ok: false, problem });
  });

  it('keeps quoted text together', () => {
    expect(tokenize('a "b c" “d e”')).toEqual(['a', 'b c', 'd e']);
  });

  it('describes the filters in words', () => {
    expect(describeFilters({})).toBe('all leads');
    expect(describeFilters({ status: 'new', group: 'g1', groupName: 'Buyers', search: 'x' })).toBe(
      'status new, group Buyers, matching "x"',
    );
  });
});

describe('any text after the command', () => {
  const nasty = [
    '"',
    '“unclosed',
    'status:',
    'group=',
    '::',
    'a'.repeat(5000),
    '😀 <!channel> &amp;',
    'status= new',
  ];
  it.each(nasty)('answers %j with filters or a problem, never an exception', (text) => {
    const parsed = parseLeadFilters(text);
    expect(parsed.ok ? parsed.filters : parsed.problem).toBeTypeOf('object');
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_SEARCH, parseLeadsCommand } from '../../../src/features/leads/leads-query.js';

const list = (status = 'new', more: Record<string, unknown> = {}) => ({
  kind: 'list',
  filter: { status, search: null, group: null, page: 1, ...more },
});

describe('parseLeadsCommand: lists', () => {
  it.each([
    ['', list()],
    ['   ', list()],
    ['contacted', list('contacted')],
    ['ALL', list('all')],
    ['status:lost', list('lost')],
    ['status qualified', list('qualified')],
    ['search maria', list('all', { search: 'maria' })],
    ['search new york', list('all', { search: 'new york' })],
    ['new search maria', list('new', { search: 'maria' })],
    ['search maria status lost', list('lost', { search: 'maria' })],
    ['all search "price list"', list('all', { search: 'price list' })],
    ['group Buyers Club', list('new', { group: 'Buyers Club' })],
    ['group “Buyers Club”', list('new', { group: 'Buyers Club' })],
    [
      'qualified group Buyers Club search price page 2',
      list('qualified', { group: 'Buyers Club', search: 'price', page: 2 }),
    ],
    ['search price group=VIP', list('all', { search: 'price', group: 'VIP' })],
    ['search R&amp;D &lt;x&gt;', list('all', { search: 'R&D <x>' })],
  ])('%j', (text, expected) => {
    expect(parseLeadsCommand(text)).toEqual(expected);
  });
});

describe('parseLeadsCommand: show, help, export, bulk', () => {
  it.each([
    ['show 3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f', { kind: 'id', id: '3f2b6c1e-9a4d-4c57-8e0f-1a2b3c4d5e6f' }],
    ['show lead_42', { kind: 'id', id: 'lead_42' }],
    ['SHOW +1 (555) 012-3456', { kind: 'phone', typed: '+1 (555) 012-3456' }],
    ['show 5550123456', { kind: 'phone', typed: '5550123456' }],
  ])('%j', (text, target) => {
    expect(parseLeadsCommand(text)).toEqual({ kind: 'show', target });
  });

  it('routes export and bulk with the rest of the text, untouched', () => {
    expect(parseLeadsCommand('export csv status new')).toEqual({ kind: 'export', rest: 'csv status new' });
    expect(parseLeadsCommand('Bulk')).toEqual({ kind: 'bulk', rest: '' });
    expect(parseLeadsCommand('help')).toEqual({ kind: 'help' });
  });
});

describe('parseLeadsCommand: mistakes get an explanation and an example', () => {
  const problem = (text: string) => {
    const r = parseLeadsCommand(text);
    if (r.kind !== 'invalid') throw new Error(`expected invalid, got ${r.kind}`);
    return `${r.problem} | ${r.example}`;
  };

  it.each([
    ['contactd', /did you mean `contacted`/],
    ['qualif', /did you mean `qualified`/],
    ['maria', /`\/leads search maria`/],
    ['new contacted', /one status/],
    ['status', /Statuses are/],
    ['status spam', /"spam"/],
    ['search', /search text after `search`/],
    ['group', /group name after `group`/],
    ['search a search b', /`search` once/],
    ['page 0', /page number/],
    ['page two', /page number/],
    ['show', /which lead.*\/leads show \+1555/],
    ['show <!channel>', /neither a lead id nor a phone/],
  ])('%j', (text, words) => {
    expect(problem(text)).toMatch(words);
  });

  it('refuses search text too long to carry in the page', () => {
    expect(problem(`search ${'x'.repeat(MAX_SEARCH + 1)}`)).toMatch(/too long/);
    expect(parseLeadsCommand(`search ${'x'.repeat(MAX_SEARCH)}`).kind).toBe('list');
  });

  it('answers anything typed with a list, a detail, help, a hand-off or an explanation', () => {
    // Deterministic pseudo-random text built from the characters that trip parsers up.
    const alphabet = [
      '"',
      '“',
      '”',
      ':',
      '=',
      ' ',
      'search',
      'group',
      'page',
      'show',
      'new',
      '&lt;',
      '&amp;',
      '9',
      'x',
      '\n',
      '-',
      '+',
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
      const result = parseLeadsCommand(text);
      expect(['list', 'show', 'help', 'export', 'bulk', 'invalid']).toContain(result.kind);
      if (result.kind === 'invalid') expect(result.problem.length).toBeGreaterThan(0);
    }
  });

  it('never throws on odd input', () => {
    for (const text of [
      '"',
      '“',
      '""',
      'group ""',
      'search "',
      ':',
      'status:',
      'page:',
      '\u0000',
      '   x  ',
    ]) {
      expect(() => parseLeadsCommand(text)).not.toThrow();
    }
  });
});

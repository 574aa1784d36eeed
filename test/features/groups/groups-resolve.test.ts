import { describe, expect, it } from 'vitest';
import type { CustomGroup } from '../../../src/api/custom-groups.js';
import {
  inlinePhonesToLines,
  matchGroup,
  splitGroupAndPhones,
} from '../../../src/features/groups/groups-resolve.js';

const group = (id: string, name: string): CustomGroup => ({ id, name, memberCount: 1, createdAt: null });
const GROUPS = [
  group('g1', 'VIP buyers'),
  group('g2', 'Lisbon'),
  group('g3', 'lisbon'),
  group('g4', 'Promo 2026'),
];

describe('matchGroup', () => {
  it('finds a group by id, or by name whatever the case and spacing', () => {
    expect(matchGroup(GROUPS, 'g4')).toEqual({ kind: 'found', group: GROUPS[3] });
    expect(matchGroup(GROUPS, '  vip   BUYERS ')).toEqual({ kind: 'found', group: GROUPS[0] });
    expect(matchGroup(GROUPS, '"Promo 2026"')).toEqual({ kind: 'found', group: GROUPS[3] });
  });

  it('never guesses between groups with the same name', () => {
    expect(matchGroup(GROUPS, 'LISBON')).toEqual({ kind: 'ambiguous', matches: [GROUPS[1], GROUPS[2]] });
  });

  it('suggests names that contain what was typed when nothing matches exactly', () => {
    expect(matchGroup(GROUPS, 'vip')).toEqual({ kind: 'none', suggestions: [GROUPS[0]] });
    expect(matchGroup(GROUPS, 'nothing like it')).toEqual({ kind: 'none', suggestions: [] });
  });
});

describe('splitGroupAndPhones', () => {
  it.each([
    ['VIP buyers', { groupQuery: 'VIP buyers', phones: null }],
    ['VIP buyers +1 415 555 2671', { groupQuery: 'VIP buyers', phones: '+1 415 555 2671' }],
    ['VIP 0044 20 7946 0958', { groupQuery: 'VIP', phones: '0044 20 7946 0958' }],
    ['Locals (415) 555-2671', { groupQuery: 'Locals', phones: '(415) 555-2671' }],
    ['Locals 4155552671, 2025550123', { groupQuery: 'Locals', phones: '4155552671, 2025550123' }],
    ['Promo 2026', { groupQuery: 'Promo 2026', phones: null }],
    ['"Promo 2026 123456" +14155552671', { groupQuery: 'Promo 2026 123456', phones: '+14155552671' }],
    ['“Promo”', { groupQuery: 'Promo', phones: null }],
  ])('%j', (text, expected) => {
    expect(splitGroupAndPhones(text)).toEqual(expected);
  });
});

describe('inlinePhonesToLines', () => {
  it('splits at commas and semicolons, and at spaces only between whole numbers', () => {
    expect(inlinePhonesToLines('+1 415 555 2671, +44 20 7946 0958; +5511999999999')).toBe(
      '+1 415 555 2671\n+44 20 7946 0958\n+5511999999999',
    );
    expect(inlinePhonesToLines('+14155552671 +442079460958')).toBe('+14155552671\n+442079460958');
    expect(inlinePhonesToLines('+1 415 555 2671')).toBe('+1 415 555 2671');
  });
});

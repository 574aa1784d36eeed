import { describe, expect, it } from 'vitest';
import { findMonitoredGroup, type MonitoredGroup } from '../../src/api/monitored-groups.js';

const g = (id: string, name: string): MonitoredGroup => ({ id, name, isActive: true });
const groups = [
  g('id-1', 'Buyers Club'),
  g('id-2', 'Buyers Lisbon'),
  g('id-3', 'Sellers'),
  g('id-4', 'sellers'),
];

describe('findMonitoredGroup', () => {
  it.each([
    ['buyers club', 'id-1'],
    ['  BUYERS CLUB ', 'id-1'],
    ['lisbon', 'id-2'],
    ['ID-3', 'id-3'],
  ])('%j finds %s', (typed, id) => {
    expect(findMonitoredGroup(groups, typed)).toEqual({
      kind: 'found',
      group: expect.objectContaining({ id }),
    });
  });

  it('never guesses between several groups', () => {
    expect(findMonitoredGroup(groups, 'buyers')).toMatchObject({
      kind: 'ambiguous',
      matches: [{ id: 'id-1' }, { id: 'id-2' }],
    });
    expect(findMonitoredGroup(groups, 'Sellers')).toMatchObject({ kind: 'ambiguous' });
    expect(findMonitoredGroup(groups, 'nobody')).toEqual({ kind: 'none' });
  });
});

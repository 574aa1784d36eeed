import { describe, expect, it } from 'vitest';
import { type AccessLists, rolesOf, standingOf, type UserFacts, whoGrants } from '../../src/domain/access.js';

const TEAM = 'T0HOME';
const none: AccessLists = { admin: [], outreach: [], sales: [] };
const member = (over: Partial<UserFacts> = {}): UserFacts => ({
  id: 'U0MEMBER',
  teamId: TEAM,
  isOwner: false,
  isAdmin: false,
  isRestricted: false,
  isUltraRestricted: false,
  deleted: false,
  isBot: false,
  ...over,
});
const roles = (user: UserFacts, lists: AccessLists = none, groups: string[] = []) =>
  [...rolesOf(user, TEAM, lists, (id) => groups.includes(id))].sort();

describe('rolesOf', () => {
  it('gives a full member sales only, by default', () => {
    expect(roles(member())).toEqual(['sales']);
  });

  it('gives workspace owners and admins every role', () => {
    expect(roles(member({ isAdmin: true }))).toEqual(['admin', 'outreach', 'sales']);
    expect(roles(member({ isOwner: true }))).toEqual(['admin', 'outreach', 'sales']);
  });

  it('adds listed users and members of listed user groups', () => {
    expect(roles(member(), { ...none, outreach: ['U0MEMBER'] })).toEqual(['outreach', 'sales']);
    expect(roles(member(), { ...none, admin: ['S0OPS'] }, ['S0OPS'])).toEqual(['admin', 'outreach', 'sales']);
    expect(roles(member(), { ...none, admin: ['S0OPS'] }, [])).toEqual(['sales']);
  });

  it('limits sales to the list (and the roles above) once ACCESS_SALES is set', () => {
    const lists = { ...none, sales: ['U0OTHER'] };
    expect(roles(member(), lists)).toEqual([]);
    expect(roles(member({ id: 'U0OTHER' }), lists)).toEqual(['sales']);
    expect(roles(member({ isAdmin: true }), lists)).toEqual(['admin', 'outreach', 'sales']);
  });

  it('gives guests and other organisations nothing, unless listed by their user id', () => {
    const guest = member({ isRestricted: true });
    const single = member({ isUltraRestricted: true });
    const external = member({ teamId: 'T0ELSE', isAdmin: true });
    for (const user of [guest, single, external]) {
      expect(roles(user)).toEqual([]);
      expect(roles(user, { ...none, outreach: ['S0SALES'] }, ['S0SALES'])).toEqual([]);
      expect(roles(user, { ...none, sales: ['U0MEMBER'] })).toEqual(['sales']);
      expect(roles(user, { ...none, outreach: ['U0MEMBER'] })).toEqual(['outreach', 'sales']);
    }
    expect(standingOf(guest, TEAM)).toBe('guest');
    expect(standingOf(external, TEAM)).toBe('external');
  });

  it('gives deactivated users and bots nothing', () => {
    expect(roles(member({ deleted: true, isAdmin: true }), { ...none, admin: ['U0MEMBER'] })).toEqual([]);
    expect(roles(member({ isBot: true }))).toEqual([]);
  });
});

describe('whoGrants', () => {
  it('names the people of the role first, then those above it', () => {
    const lists = { admin: ['U0ANA'], outreach: ['U0BEN', 'S0SALES'], sales: ['U0CAL'] };
    expect(whoGrants('outreach', lists)).toEqual(['U0BEN', 'S0SALES', 'U0ANA']);
    expect(whoGrants('admin', lists)).toEqual(['U0ANA']);
    expect(whoGrants('sales', lists, 2)).toEqual(['U0CAL', 'U0BEN']);
  });
});

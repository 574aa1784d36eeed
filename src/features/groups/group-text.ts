// How group names and member counts read everywhere: names escaped, on one line, cut to fit.
import { escapeMrkdwn, truncate } from '../../slack/blocks.js';

const NAME_MAX = 100;

export const groupName = (name: string, max = NAME_MAX): string =>
  truncate(escapeMrkdwn(name.replace(/\s+/g, ' ').trim()), max) || '(no name)';
export const members = (n: number | null): string =>
  n === null ? 'members unknown' : `${n.toLocaleString('en-US')} member${n === 1 ? '' : 's'}`;

export const itsMembers = (n: number | null): string =>
  n === null ? 'all its members' : `its ${members(n)}`;

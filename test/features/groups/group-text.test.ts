import { describe, expect, it } from 'vitest';
import { MoltflowConnectionError, MoltflowHttpError } from '../../../src/api/errors.js';
import { describeGroupError, describeNoMatch } from '../../../src/features/groups/group-text.js';

const http = (status: number, detail: string) =>
  new MoltflowHttpError({ method: 'POST', path: '/custom-groups', status, detail });

describe('describeGroupError', () => {
  it('names the plan that allows more groups', () => {
    expect(describeGroupError(http(403, 'Custom group limit reached (5 groups)'), 'create the group')).toBe(
      "I couldn't create the group: MoltFlow says Custom group limit reached (5 groups). The Starter plan allows 5 custom groups; the Pro plan allows 20. Delete a group you no longer need (`/groups delete <name>`), or upgrade.",
    );
    expect(describeGroupError(http(403, 'Maximum number of groups: 100'), 'create the group')).toContain(
      'That is the most any MoltFlow plan allows.',
    );
    expect(describeGroupError(http(403, 'Group limit reached'), 'create the group')).toContain(
      'MoltFlow plans allow 2 (Free), 5 (Starter), 20 (Pro), 100 (Business) custom groups.',
    );
  });

  it('passes other plan gates through with their own words', () => {
    expect(
      describeGroupError(http(403, 'Custom groups require the Starter plan'), 'create the group'),
    ).toContain('MoltFlow refused to create the group: Custom groups require the Starter plan.');
  });

  it('turns member indexes in a 422 into the numbers that were sent, escaped', () => {
    const err = http(422, 'contacts.1.phone: invalid <number>; members.7: unknown');
    const text = describeGroupError(err, 'add the contacts', [{ phone: '+1' }, { phone: '+44' }]);
    expect(text).toBe(
      "MoltFlow didn't accept this, so I couldn't add the contacts: the number +44: invalid &lt;number&gt;; members.7: unknown.",
    );
  });

  it('says a group is gone on a 404, and falls back to the shared wording otherwise', () => {
    expect(describeGroupError(http(404, 'Custom group not found'), 'rename the group')).toContain(
      'that group no longer exists in MoltFlow',
    );
    const down = new MoltflowConnectionError('refused', { timedOut: false, code: 'ECONNREFUSED' });
    expect(describeGroupError(down, 'rename the group')).toContain("MoltFlow isn't answering right now");
  });
});

describe('describeNoMatch', () => {
  it('lists same-named groups with their ids, escaped', () => {
    const g = (id: string) => ({ id, name: 'A <b>', memberCount: 2, createdAt: null });
    const text = describeNoMatch({ kind: 'ambiguous', matches: [g('id1'), g('id2')] }, 'a <b>');
    expect(text).toContain('2 groups are called *a &lt;b&gt;*');
    expect(text).toContain('• *A &lt;b&gt;* · 2 members · id `id1`');
    expect(text).toContain('`/groups show id1`');
  });
});

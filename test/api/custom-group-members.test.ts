import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MoltflowClient } from '../../src/api/client.js';
import { listPoolContacts, removeGroupMembers } from '../../src/api/custom-group-members.js';
import type { CustomGroupDetail } from '../../src/api/custom-groups.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';

const ORIGIN = 'https://api.moltflow.test';
let agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const client = new MoltflowClient({
    baseUrl: `${ORIGIN}/api/v2`,
    apiKey: 'k3y-groups',
    dispatcher: agent,
    retryPolicy: retryPolicies.none,
    budget: new RateBudget({ limitPerMinute: 1000 }),
  });
  return { pool: agent.get(ORIGIN), client };
}

describe('listPoolContacts', () => {
  it('reads the field names leads and WhatsApp use, skipping items without a phone', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/custom-groups/contacts?limit=20&offset=0', method: 'GET' }).reply(200, {
      items: [
        { phone: '+1', name: 'A' },
        { contact_phone: '+2', contact_name: 'B' },
        { phone_number: '+3', push_name: 'C' },
        { name: 'no phone' },
      ],
      total: 4,
    });
    expect(await listPoolContacts(client, { limit: 20, offset: 0 })).toEqual({
      contacts: [
        { phone: '+1', name: 'A' },
        { phone: '+2', name: 'B' },
        { phone: '+3', name: 'C' },
      ],
      total: 4,
    });
  });

  it('pages a bare array itself when MoltFlow ignores limit and offset', async () => {
    const { pool, client } = setup();
    const all = Array.from({ length: 45 }, (_, i) => ({ phone: `+${i}` }));
    pool.intercept({ path: /\/custom-groups\/contacts/, method: 'GET' }).reply(200, all);
    const page = await listPoolContacts(client, { limit: 20, offset: 40 });
    expect(page.total).toBe(45);
    expect(page.contacts.map((c) => c.phone)).toEqual(['+40', '+41', '+42', '+43', '+44']);
  });
});

describe('removeGroupMembers', () => {
  const group: CustomGroupDetail = {
    id: 'g1',
    name: 'G',
    memberCount: 3,
    createdAt: null,
    members: [
      { id: 'm1', phone: '14155552671', name: null },
      { id: null, phone: '+442079460958', name: null },
      { id: 'm3', phone: '+5511999999999', name: null },
    ],
  };

  it('matches phones by digits, sends member ids, and sends phones for members without ids', async () => {
    const { pool, client } = setup();
    const bodies: unknown[] = [];
    pool
      .intercept({ path: '/api/v2/custom-groups/g1/members/remove', method: 'POST' })
      .reply(200, (req) => {
        bodies.push(JSON.parse(String(req.body)));
        return {};
      })
      .times(2);
    const only = { ...group, members: group.members.slice(0, 1) };
    expect(await removeGroupMembers(client, only, ['+14155552671', '+12025550123'])).toEqual({
      requested: 1,
      notMembers: ['+12025550123'],
    });
    await removeGroupMembers(client, group, ['+442079460958', '+5511999999999']);
    expect(bodies).toEqual([{ member_ids: ['m1'] }, { phones: ['+442079460958', '+5511999999999'] }]);
  });

  it('does not retry with phones when MoltFlow refuses for another reason', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/custom-groups/g1/members/remove', method: 'POST' })
      .reply(403, { detail: 'Custom groups require the Starter plan' });
    await expect(removeGroupMembers(client, group, ['+5511999999999'])).rejects.toMatchObject({
      status: 403,
    });
  });
});

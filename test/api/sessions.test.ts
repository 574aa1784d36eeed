import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MoltflowClient } from '../../src/api/client.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';
import { listSessions, type WhatsappSession, workingSessions } from '../../src/api/sessions.js';

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
    apiKey: 'k3y-sessions',
    dispatcher: agent,
    retryPolicy: retryPolicies.none,
    budget: new RateBudget({ limitPerMinute: 1000 }),
  });
  return { pool: agent.get(ORIGIN), client };
}

describe('listSessions', () => {
  it('reads a bare array and maps the fields', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/sessions', method: 'GET' }).reply(200, [
      { id: 's1', name: 'Sales', status: 'working', phone_number: '+15550001', extra: 1 },
      { id: 's2', name: null, status: 'qr_code' },
      { id: 's3', status: 42 },
    ]);
    expect(await listSessions(client)).toEqual([
      { id: 's1', name: 'Sales', status: 'working', phoneNumber: '+15550001' },
      { id: 's2', name: 's2', status: 'qr_code', phoneNumber: null },
    ]);
  });

  it('reads a sessions envelope', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/sessions', method: 'GET' })
      .reply(200, { sessions: [{ id: 's1', name: 'A', status: 'stopped', phone: '+1' }] });
    expect(await listSessions(client)).toEqual([
      { id: 's1', name: 'A', status: 'stopped', phoneNumber: '+1' },
    ]);
  });
});

describe('workingSessions', () => {
  it('keeps only working sessions', () => {
    const s = (id: string, status: string): WhatsappSession => ({ id, name: id, status, phoneNumber: null });
    expect(
      workingSessions([s('a', 'working'), s('b', 'failed'), s('c', 'working')]).map((x) => x.id),
    ).toEqual(['a', 'c']);
  });
});

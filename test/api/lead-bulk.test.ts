import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MoltflowClient } from '../../src/api/client.js';
import { bulkUpdateStatus, decodeBulkFailure, exportLeads } from '../../src/api/lead-bulk.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';

const ORIGIN = 'https://api.moltflow.test';
let agent: MockAgent;
afterEach(async () => {
  await agent?.close();
});

function setup() {
  agent = new MockAgent();
  agent.disableNetConnect();
  const client = new MoltflowClient({
    baseUrl: `${ORIGIN}/api/v2`,
    apiKey: 'k3y-bulk',
    dispatcher: agent,
    retryPolicy: retryPolicies.fastForTests,
    budget: new RateBudget({ limitPerMinute: 1000 }),
    sleep: async () => {},
  });
  return { pool: agent.get(ORIGIN), client };
}

describe('decodeBulkFailure', () => {
  it.each([
    ['Lead is locked', { leadId: null, reason: 'Lead is locked' }],
    ['  ', { leadId: null, reason: 'no reason given' }],
    [
      { lead_id: 'a', detail: 'Invalid status transition' },
      { leadId: 'a', reason: 'Invalid status transition' },
    ],
    [
      { id: 7, error: 'nope' },
      { leadId: '7', reason: 'nope' },
    ],
    [
      { leadId: 'b', reason: ['x', { msg: 'y' }] },
      { leadId: 'b', reason: 'x; y' },
    ],
    [
      { lead_id: 'c', message: 'm' },
      { leadId: 'c', reason: 'm' },
    ],
    [
      { lead_id: 'd', code: 409 },
      { leadId: 'd', reason: '{"code":409}' },
    ],
    [{ lead_id: 'e' }, { leadId: 'e', reason: 'no reason given' }],
    [42, { leadId: null, reason: '42' }],
    [null, { leadId: null, reason: 'null' }],
  ])('reads %j', (entry, failure) => {
    expect(decodeBulkFailure(entry)).toEqual(failure);
  });
});

describe('bulkUpdateStatus', () => {
  it('sends lead_ids and status once (not retried) and decodes partial success', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: '/api/v2/leads/bulk/status',
        method: 'POST',
        body: JSON.stringify({ lead_ids: ['a', 'b', 'c'], status: 'qualified' }),
      })
      .reply(200, { updated: 1, failed: 2, errors: [{ lead_id: 'b', detail: 'x' }, 'y'] });
    expect(await bulkUpdateStatus(client, ['a', 'b', 'c'], 'qualified')).toEqual({
      updated: 1,
      failed: 2,
      failures: [
        { leadId: 'b', reason: 'x' },
        { leadId: null, reason: 'y' },
      ],
    });
  });

  it('tolerates an answer without counts', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads/bulk/status', method: 'POST' }).reply(200, { errors: ['z'] });
    expect(await bulkUpdateStatus(client, ['a', 'b'], 'lost')).toEqual({
      updated: 1,
      failed: 1,
      failures: [{ leadId: null, reason: 'z' }],
    });
  });

  it('does not retry a 503 (the change may have happened)', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads/bulk/status', method: 'POST' }).reply(503, { detail: 'busy' });
    await expect(bulkUpdateStatus(client, ['a'], 'lost')).rejects.toMatchObject({ status: 503 });
  });
});

describe('exportLeads', () => {
  it('asks for the format with only the filters given and returns the raw text', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads/export/csv?status=new&source_group_id=g1', method: 'GET' })
      .reply(200, 'id\n1\n', { headers: { 'content-type': 'text/csv' } });
    expect(await exportLeads(client, 'csv', { status: 'new', sourceGroupId: 'g1' })).toBe('id\n1\n');
  });
});

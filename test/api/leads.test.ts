import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MoltflowClient } from '../../src/api/client.js';
import { MoltflowHttpError } from '../../src/api/errors.js';
import { getLead, LeadWireSchema, listLeads, updateLeadStatus } from '../../src/api/leads.js';
import { RateBudget } from '../../src/api/rate-budget.js';
import { retryPolicies } from '../../src/api/retry.js';
import type { Lead } from '../../src/domain/lead.js';

const ORIGIN = 'https://api.moltflow.test';

const wire = {
  id: '3f1c9a2e-0000-4000-8000-000000000001',
  contact_phone: '+15550123456',
  contact_name: 'John D.',
  lead_status: 'new',
  lead_score: 0,
  lead_detected_at: '2026-02-12T10:30:00Z',
  source_group: { id: 'g-1', name: 'Real estate leads' },
  trigger: {
    matched_keyword: 'price',
    message_preview: 'What is the price?',
    monitor_mode: 'keywords',
    detected_at: '2026-02-12T10:30:00Z',
  },
  ai_analysis: { intent: 'buying_intent' },
};

const domain: Lead = {
  id: wire.id,
  phone: '+15550123456',
  name: 'John D.',
  status: 'new',
  score: 0,
  detectedAt: new Date('2026-02-12T10:30:00Z'),
  sourceGroup: { id: 'g-1', name: 'Real estate leads' },
  keyword: 'price',
  preview: 'What is the price?',
  monitorMode: 'keywords',
  messageCount: null,
};

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
    apiKey: 'k3y-leads',
    dispatcher: agent,
    retryPolicy: retryPolicies.fastForTests,
    budget: new RateBudget({ limitPerMinute: 1000 }),
    sleep: async () => {},
  });
  return { pool: agent.get(ORIGIN), client };
}

function issuesOf(value: unknown): string[] {
  const parsed = LeadWireSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('LeadWireSchema', () => {
  it('maps the documented wire lead to the domain Lead, dropping unknown fields', () => {
    expect(LeadWireSchema.parse(wire)).toEqual(domain);
  });

  it('fills neutral defaults for missing or null optional fields', () => {
    const lead = LeadWireSchema.parse({
      id: 'x',
      lead_status: 'lost',
      contact_phone: null,
      lead_detected_at: '2026-02-12T10:30:00+02:00',
      message_count: 7,
    });
    expect(lead).toMatchObject({
      phone: '',
      name: null,
      score: null,
      sourceGroup: null,
      keyword: null,
      messageCount: 7,
    });
    expect(lead.detectedAt.toISOString()).toBe('2026-02-12T08:30:00.000Z');
  });

  it('falls back to trigger.detected_at, and reads an offset-less time as UTC', () => {
    const lead = LeadWireSchema.parse({
      ...wire,
      lead_detected_at: undefined,
      trigger: { detected_at: '2026-02-12T11:00:00' },
    });
    expect(lead.detectedAt.toISOString()).toBe('2026-02-12T11:00:00.000Z');
  });

  it('rejects a lead without any usable detection time', () => {
    expect(issuesOf({ ...wire, lead_detected_at: undefined, trigger: null })[0]).toMatch(
      /^trigger\.detected_at: missing/,
    );
    expect(issuesOf({ ...wire, lead_detected_at: 'yesterday' })).toEqual([
      'lead_detected_at: not an ISO date-time',
    ]);
    expect(issuesOf({ ...wire, lead_detected_at: '2026-13-45T99:00:00Z' })).toHaveLength(1);
  });

  it('does not coerce wrong types', () => {
    expect(issuesOf({ ...wire, contact_name: 42 })).toEqual([
      'contact_name: Invalid input: expected string, received number',
    ]);
    expect(issuesOf({ ...wire, lead_score: '5' })).toHaveLength(1);
    expect(issuesOf({ ...wire, lead_status: 'spam' })).toHaveLength(1);
    expect(issuesOf({ ...wire, id: '' })).toHaveLength(1);
  });
});

describe('listLeads', () => {
  it('sends the default page and filters, and reads the leads envelope', async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: '/api/v2/leads',
        method: 'GET',
        query: { limit: '50', offset: '0', status: 'new', search: 'price', source_group_id: 'g-1' },
      })
      .reply(200, { leads: [wire], total: 31, limit: 50, offset: 0 });
    const page = await listLeads(client, { status: 'new', search: 'price', sourceGroupId: 'g-1' });
    expect(page).toEqual({ leads: [domain], total: 31, invalid: [], limit: 50, offset: 0 });
  });

  it('skips a bad lead and reports it with its path', async () => {
    const { pool, client } = setup();
    const leads = [wire, { ...wire, id: 'b' }, { ...wire, id: 'c', contact_name: 42 }];
    pool
      .intercept({ path: '/api/v2/leads', method: 'GET', query: { limit: '3', offset: '6' } })
      .reply(200, { leads, total: 9 });
    const page = await listLeads(client, { limit: 3, offset: 6 });
    expect(page.leads.map((l) => l.id)).toEqual([wire.id, 'b']);
    expect(page.invalid.map((e) => e.message)).toEqual([
      'Unexpected MoltFlow data: leads[2].contact_name: expected string, received number',
    ]);
    expect(page).toMatchObject({ total: 9, limit: 3, offset: 6 });
  });

  it('takes the server’s echo of a capped page size', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads', method: 'GET', query: { limit: '500', offset: '0' } })
      .reply(200, {
        leads: [],
        total: 0,
        limit: 100,
        offset: 0,
      });
    expect((await listLeads(client, { limit: 500 })).limit).toBe(100);
  });
});

describe('getLead', () => {
  it('encodes the id into the path', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads/a%2Fb%3Fc', method: 'GET' })
      .reply(200, { ...wire, message_count: 4 });
    expect(await getLead(client, 'a/b?c')).toEqual({ ...domain, messageCount: 4 });
  });
});

describe('updateLeadStatus', () => {
  it('PATCHes {status} and returns the lead when the body is one', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: `/api/v2/leads/${wire.id}/status`, method: 'PATCH', body: '{"status":"contacted"}' })
      .reply(200, { ...wire, lead_status: 'contacted' });
    expect(await updateLeadStatus(client, wire.id, 'contacted')).toEqual({ ...domain, status: 'contacted' });
  });

  it('returns null for a body that is not a lead', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads/1/status', method: 'PATCH' }).reply(200, { ok: true });
    pool.intercept({ path: '/api/v2/leads/2/status', method: 'PATCH' }).reply(204, '');
    expect(await updateLeadStatus(client, '1', 'lost')).toBeNull();
    expect(await updateLeadStatus(client, '2', 'lost')).toBeNull();
  });

  it('is not retried after a 503', async () => {
    const { pool, client } = setup();
    pool.intercept({ path: '/api/v2/leads/1/status', method: 'PATCH' }).reply(503, { detail: 'busy' });
    pool.intercept({ path: '/api/v2/leads/1/status', method: 'PATCH' }).reply(200, wire);
    const err = await updateLeadStatus(client, '1', 'lost').catch((e) => e);
    expect(err).toBeInstanceOf(MoltflowHttpError);
    expect(err).toMatchObject({ status: 503 });
  });

  it('surfaces an invalid transition as a 400 with the server’s detail', async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: '/api/v2/leads/1/status', method: 'PATCH' })
      .reply(400, { detail: 'Invalid status transition from converted to new' });
    await expect(updateLeadStatus(client, '1', 'new')).rejects.toMatchObject({
      status: 400,
      detail: 'Invalid status transition from converted to new',
    });
  });
});

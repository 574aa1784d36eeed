import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';

describe('FakeMoltflow over real HTTP', () => {
  let mf: FakeMoltflow;
  const call = async (method: string, path: string, body?: unknown, key: string | null = mf.apiKey) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers['x-api-key'] = key;
    const res = await fetch(`${mf.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      // biome-ignore lint/suspicious/noExplicitAny: these tests read many ad-hoc JSON shapes
      json: text ? (JSON.parse(text) as any) : undefined,
    };
  };

  beforeEach(async () => {
    mf = await FakeMoltflow.start();
  });
  afterEach(async () => {
    await mf.close();
  });

  it('lists newest first (ties: newest inserted first) with limit, offset and total', async () => {
    const t = (min: number) => new Date(Date.UTC(2026, 1, 1, 12, min));
    const a = mf.addLead({ detectedAt: t(1) });
    const b = mf.addLead({ detectedAt: t(3) });
    const c = mf.addLead({ detectedAt: t(2) });
    const d = mf.addLead({ detectedAt: t(3) });
    const page1 = await call('GET', '/leads?limit=3');
    expect(page1.status).toBe(200);
    expect(page1.json.leads.map((l: { id: string }) => l.id)).toEqual([d.id, b.id, c.id]);
    expect(page1.json).toMatchObject({ total: 4, limit: 3, offset: 0 });
    const page2 = await call('GET', '/leads?limit=3&offset=3');
    expect(page2.json.leads.map((l: { id: string }) => l.id)).toEqual([a.id]);
    expect((await call('GET', '/leads')).json.limit).toBe(50);
    expect((await call('GET', '/leads?limit=101')).status).toBe(422);
    expect(page1.json.leads[0]).toEqual({ ...d, lead_detected_at: t(3).toISOString() });
  });

  it('filters by status, search (name, phone, keyword) and source group', async () => {
    mf.addLead({ contact_name: 'Ana Costa', lead_status: 'contacted' });
    mf.addLead({ contact_phone: '+447700900123' });
    mf.addLead({
      trigger: {
        matched_keyword: 'Orçamento',
        message_preview: 'quero',
        monitor_mode: 'keywords',
        detected_at: '',
      },
    });
    mf.addLead({ source_group: { id: 'g-2', name: 'Other' } });
    const ids = async (q: string) => (await call('GET', `/leads?${q}`)).json.total;
    expect(await ids('status=contacted')).toBe(1);
    expect(await ids('search=ANA')).toBe(1);
    expect(await ids('search=7700900')).toBe(1);
    expect(await ids('search=orçamento')).toBe(1);
    expect(await ids('source_group_id=g-2')).toBe(1);
    expect((await call('GET', '/leads?status=spam')).status).toBe(422);
  });

  it('refuses a missing or wrong API key with 401', async () => {
    expect(await call('GET', '/leads', undefined, null)).toMatchObject({
      status: 401,
      json: { detail: 'Invalid API key' },
    });
    expect((await call('GET', '/leads', undefined, 'mf_other_key_000')).status).toBe(401);
  });

  it('serves detail with message_count, 404s unknown leads and routes', async () => {
    const lead = mf.addLead();
    expect((await call('GET', `/leads/${lead.id}`)).json).toMatchObject({ id: lead.id, message_count: 1 });
    expect(await call('GET', '/leads/nope')).toMatchObject({
      status: 404,
      json: { detail: 'Lead not found' },
    });
    expect(await call('GET', '/nothing-here')).toMatchObject({ status: 404, json: { detail: 'Not Found' } });
  });

  it('enforces the pipeline: 200 on a legal move, 400 on an illegal one, 422 on an unknown status', async () => {
    const lead = mf.addLead();
    const ok = await call('PATCH', `/leads/${lead.id}/status`, { status: 'contacted' });
    expect(ok).toMatchObject({ status: 200, json: { id: lead.id, lead_status: 'contacted' } });
    const back = await call('PATCH', `/leads/${lead.id}/status`, { status: 'new' });
    expect(back).toMatchObject({
      status: 400,
      json: { detail: 'Invalid status transition from contacted to new' },
    });
    const bad = await call('PATCH', `/leads/${lead.id}/status`, { status: 'spam' });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0]).toMatchObject({ loc: ['body', 'status'], type: 'value_error' });
    expect(mf.lead(lead.id)?.lead_status).toBe('contacted');
    mf.setLeadStatus(lead.id, 'lost');
    expect((await call('PATCH', `/leads/${lead.id}/status`, { status: 'new' })).status).toBe(200);
    expect(mf.requestsTo('PATCH', '/leads/:id/status').map((r) => r.body)).toEqual([
      { status: 'contacted' },
      { status: 'new' },
      { status: 'spam' },
      { status: 'new' },
    ]);
  });

  it('answers reciprocity, sessions and usage', async () => {
    const lead = mf.addLead();
    mf.setReciprocity(lead.id, { hasMessagedFirst: true, lastInboundAt: new Date('2026-02-01T10:00:00Z') });
    expect((await call('GET', `/leads/${lead.id}/reciprocity?session_id=s1`)).json).toEqual({
      lead_id: lead.id,
      has_messaged_first: true,
      last_inbound_at: '2026-02-01T10:00:00.000Z',
    });
    expect((await call('GET', `/leads/${lead.id}/reciprocity`)).status).toBe(422);
    const sessions = (await call('GET', '/sessions')).json;
    expect(sessions).toMatchObject([{ name: 'Main', status: 'working', is_business: false }]);
    mf.setSessions([{ name: 'Sales', status: 'stopped' }]);
    expect((await call('GET', '/sessions')).json).toMatchObject([
      { name: 'Sales', status: 'stopped', phone_number: null },
    ]);
    expect((await call('GET', '/usage/current')).json).toHaveProperty('usage_percentage');
  });

  it('injects status faults a given number of times, then answers normally', async () => {
    mf.fail(
      { method: 'GET', path: '/leads' },
      { kind: 'status', status: 503, headers: { 'retry-after': '3' }, times: 2 },
    );
    const first = await call('GET', '/leads');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await call('GET', '/leads')).status).toBe(503);
    expect((await call('GET', '/leads')).status).toBe(200);
    expect(mf.requestsTo('GET', '/leads')).toHaveLength(3);
  });

  it('resets connections, sends raw invalid JSON, and clears faults', async () => {
    mf.fail('all', { kind: 'reset' });
    await expect(call('GET', '/sessions')).rejects.toThrow();
    mf.fail({ path: /^\/leads/ }, { kind: 'raw', body: '{"leads": [' });
    await expect(call('GET', '/leads')).rejects.toThrow(SyntaxError);
    mf.fail('all', { kind: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    expect((await call('GET', '/sessions')).status).toBe(500);
    expect((await call('GET', '/sessions')).status).toBe(500);
    mf.clearFaults();
    expect((await call('GET', '/sessions')).status).toBe(200);
  });

  it('hangs a request until close() ends it', async () => {
    mf.fail({ method: 'PATCH' }, { kind: 'hang' });
    const lead = mf.addLead();
    const pending = call('PATCH', `/leads/${lead.id}/status`, { status: 'lost' });
    await mf.waitFor(() => mf.requestsTo('PATCH', '/leads/:id/status').length === 1);
    await mf.close();
    await expect(pending).rejects.toThrow();
    expect(mf.lead(lead.id)?.lead_status).toBe('new');
  });

  it('enforces a per-minute rate limit with Retry-After and X-RateLimit-* headers', async () => {
    let now = 1_000_000;
    mf.enforceRateLimit(2, () => now);
    const a = await call('GET', '/sessions');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(a.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((1_000_000 + 60_000) / 1000)));
    now += 10_000;
    expect((await call('GET', '/sessions')).headers.get('x-ratelimit-remaining')).toBe('0');
    now += 20_000;
    const limited = await call('GET', '/sessions');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    now += 30_000;
    const again = await call('GET', '/sessions');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('0');
    mf.enforceRateLimit(null);
    expect((await call('GET', '/sessions')).headers.get('x-ratelimit-remaining')).toBeNull();
  });

  it('lets a test override a route', async () => {
    mf.override('GET', '/leads/:id', ({ params }) => ({ status: 200, body: { id: params.id, odd: true } }));
    expect((await call('GET', '/leads/x1')).json).toEqual({ id: 'x1', odd: true });
  });

  it('lets a test corrupt a lead on purpose', async () => {
    const lead = mf.addLead();
    mf.patchLead(lead.id, { lead_status: 42, contact_phone: undefined });
    expect((await call('GET', '/leads')).json.leads[0]).toMatchObject({ lead_status: 42 });
    mf.deleteLead(lead.id);
    expect((await call('GET', '/leads')).json.total).toBe(0);
  });
});

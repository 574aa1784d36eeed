import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeMoltflow, requiredScope } from '../helpers/fake-moltflow.js';

describe('FakeMoltflow tenants', () => {
  let mf: FakeMoltflow;
  const get = async (path: string, key: string) => {
    const res = await fetch(`${mf.baseUrl}${path}`, { headers: { 'x-api-key': key } });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  };

  beforeEach(async () => {
    mf = await FakeMoltflow.start();
  });
  afterEach(async () => {
    await mf.close();
  });

  it('keeps each tenant’s data behind its own key; the default tenant is the fake’s own state', async () => {
    const other = mf.addTenant({ apiKey: 'mf_other_tenant_0001' });
    const mine = mf.addLead({ contact_name: 'Default lead' });
    const theirs = other.state.addLead({ contact_name: 'Other lead' });
    const ids = async (key: string) =>
      ((await get('/leads', key)).json.leads as { id: string }[]).map((l) => l.id);
    expect(await ids(mf.apiKey)).toEqual([mine.id]);
    expect(await ids(other.apiKey)).toEqual([theirs.id]);
    expect(mf.tenant.state).toBe(mf.state);
    expect((await get('/leads', 'mf_nobody_has_this')).status).toBe(401);
    expect(() => mf.addTenant({ apiKey: mf.apiKey })).toThrow(/already/);
  });

  it('reports each tenant’s plan on /usage/current', async () => {
    const free = mf.addTenant({ apiKey: 'mf_free_tenant_0001', plan: 'free' });
    expect((await get('/usage/current', free.apiKey)).json.plan).toBe('free');
    expect((await get('/usage/current', mf.apiKey)).json.plan).toBe('business');
  });

  it('refuses a request lacking a scope with 403, X-Required-Scopes and a FastAPI detail', async () => {
    const narrow = mf.addTenant({
      apiKey: 'mf_narrow_tenant_01',
      scopes: ['leads:read', 'bulk-send:manage'],
    });
    expect((await get('/leads', narrow.apiKey)).status).toBe(200);
    expect((await get('/bulk-send', narrow.apiKey)).status).toBe(200); // manage includes read
    const refused = await get('/custom-groups', narrow.apiKey);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-required-scopes')).toBe('custom-groups:read');
    expect(refused.json.detail).toMatch(/custom-groups:read/);
    const patch = await fetch(`${mf.baseUrl}/leads/x/status`, {
      method: 'PATCH',
      headers: { 'x-api-key': narrow.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'contacted' }),
    });
    expect(patch.status).toBe(403);
    expect(patch.headers.get('x-required-scopes')).toBe('leads:manage');
    narrow.scopes.add('custom-groups:read');
    expect((await get('/custom-groups', narrow.apiKey)).status).toBe(200);
  });

  it('maps paths to scope families', () => {
    expect(requiredScope('GET', '/scheduled-messages')).toBe('scheduled:read');
    expect(requiredScope('POST', '/custom-groups/1/members/add')).toBe('custom-groups:manage');
    expect(requiredScope('GET', '/usage/current')).toBe('usage:read');
    expect(requiredScope('GET', '/nothing')).toBeUndefined();
  });
});

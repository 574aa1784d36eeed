import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMoltflowKey, KEY_PROBES } from '../../src/api/account/key-check.js';
import { minPollIntervalSeconds, PLANS, planFrom } from '../../src/domain/plans.js';
import { ALL_SCOPES, FakeMoltflow } from '../helpers/fake-moltflow.js';

describe('checkMoltflowKey against a fake MoltFlow', () => {
  let mf: FakeMoltflow;
  beforeEach(async () => {
    mf = await FakeMoltflow.start();
  });
  afterEach(async () => {
    await mf.close();
  });
  const check = (apiKey: string, timeoutMs = 2_000) =>
    checkMoltflowKey({ baseUrl: mf.baseUrl, apiKey, timeoutMs });

  it('accepts a full key, reads its plan and limit, and probes each scope family once, in parallel', async () => {
    const pro = mf.addTenant({ apiKey: 'mf_pro_tenant_key_9f2a', plan: 'pro' });
    const result = await check(pro.apiKey);
    expect(result).toEqual({ outcome: 'ok', plan: PLANS.pro, requestsPerMinute: 40, missing: [] });
    const paths = mf.requests.map((r) => r.path).sort();
    expect(paths).toEqual(KEY_PROBES.map((p) => p.path).sort());
    expect(mf.requests.every((r) => r.method === 'GET' && r.headers['x-api-key'] === pro.apiKey)).toBe(true);
  });

  it('says invalid on a 401 (an unknown key)', async () => {
    expect(await check('mf_not_a_real_key_0000')).toEqual({ outcome: 'invalid' });
  });

  it('names missing scopes with the features they disable, from X-Required-Scopes', async () => {
    const scopes = ALL_SCOPES.filter((s) => !s.startsWith('bulk-send') && !s.startsWith('scheduled'));
    const tenant = mf.addTenant({ apiKey: 'mf_narrow_key_00001', plan: 'starter', scopes });
    const result = await check(tenant.apiKey);
    expect(result).toMatchObject({ outcome: 'ok', plan: PLANS.starter, requestsPerMinute: 20 });
    if (result.outcome !== 'ok') throw new Error('unreachable');
    expect(result.missing).toEqual([
      { area: 'broadcasts', scopes: ['bulk-send:read'], disables: '/bulksend broadcasts', essential: false },
      { area: 'schedules', scopes: ['scheduled:read'], disables: '/schedule', essential: false },
    ]);
  });

  it('marks a key without leads:read as missing what the lead feed needs', async () => {
    const tenant = mf.addTenant({ apiKey: 'mf_no_leads_key_0001', scopes: ['usage:read'] });
    const result = await check(tenant.apiKey);
    if (result.outcome !== 'ok') throw new Error(`expected ok, got ${result.outcome}`);
    expect(result.missing.find((m) => m.essential)).toMatchObject({
      area: 'lead-feed',
      scopes: ['leads:read'],
    });
  });

  it('assumes the Free plan’s limit when the plan cannot be read (no usage:read)', async () => {
    const scopes = ALL_SCOPES.filter((s) => !s.startsWith('usage'));
    const tenant = mf.addTenant({ apiKey: 'mf_no_usage_key_0001', plan: 'business', scopes });
    const result = await check(tenant.apiKey);
    expect(result).toMatchObject({ outcome: 'ok', plan: undefined, requestsPerMinute: 10 });
  });

  it('says unreachable on a timeout, a 5xx or a 429, without retrying', async () => {
    mf.fail({ path: '/leads' }, { kind: 'hang' });
    expect(await check(mf.apiKey, 200)).toEqual({ outcome: 'unreachable', reason: 'timeout' });
    mf.clearFaults();
    mf.fail({ path: '/sessions' }, { kind: 'status', status: 502 });
    expect(await check(mf.apiKey)).toEqual({ outcome: 'unreachable', reason: 'server' });
    mf.fail({ path: '/usage/current' }, { kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    expect(await check(mf.apiKey)).toEqual({ outcome: 'unreachable', reason: 'rate_limited' });
    expect(mf.requestsTo('GET', '/sessions')).toHaveLength(3); // one per check: no retries
  });

  it('says unreachable (connection) when nothing listens', async () => {
    const baseUrl = mf.baseUrl;
    await mf.close();
    expect(await checkMoltflowKey({ baseUrl, apiKey: 'mf_whatever_key_001' })).toEqual({
      outcome: 'unreachable',
      reason: 'connection',
    });
  });
});

describe('plans', () => {
  it('reads MoltFlow’s plan names loosely and knows each limit', () => {
    expect(planFrom('Pro')).toBe(PLANS.pro);
    expect(planFrom('business_yearly')).toBe(PLANS.business);
    expect(planFrom('enterprise')).toBeUndefined();
    expect(planFrom(null)).toBeUndefined();
  });
  it('keeps polling to a third of the budget, never under 5 s', () => {
    expect(minPollIntervalSeconds(10)).toBe(18);
    expect(minPollIntervalSeconds(20)).toBe(9);
    expect(minPollIntervalSeconds(40)).toBe(5);
    expect(minPollIntervalSeconds(60)).toBe(5);
    expect(minPollIntervalSeconds(0)).toBe(180);
  });
});

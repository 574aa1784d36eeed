// Leases between replicas: two Replica objects on one store file stand for two processes. Fake timers drive
// the renewals and the expiry; a "killed" replica is one whose timers stop without giving anything up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_LEASE, startPollCron } from '../src/features/lead-feed/poll-cron.js';
import { createLogger } from '../src/log.js';
import { defaultReplicaId, Replica } from '../src/replica.js';
import { openStore, type Store } from '../src/store/index.js';

const logger = createLogger({ level: 'silent' });
const TTL = 3_000;

describe('Replica leases', () => {
  let dir: string;
  const stores: Store[] = [];
  const open = async (id: string) => {
    const store = await openStore(`sqlite:${path.join(dir, 'db.sqlite')}`, { instanceId: id });
    stores.push(store);
    return new Replica({ store, logger, ttlMs: TTL });
  };
  /** A process killed with kill -9: its timers stop, nothing is released. */
  const kill = (replica: Replica) => {
    const inside = replica as unknown as { timer: NodeJS.Timeout | null; stopped: boolean };
    if (inside.timer) clearInterval(inside.timer);
    inside.stopped = true;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a lease to one replica at a time and keeps it renewed while that one lives', async () => {
    const a = await open('a');
    const b = await open('b');
    await a.start();
    await b.start();
    expect(await a.tryAcquire('job')).toBe(true);
    expect(await b.tryAcquire('job')).toBe(false);
    // Far past the ttl: a's beats renew it, so b still cannot take it.
    await vi.advanceTimersByTimeAsync(TTL * 5);
    expect(await b.tryAcquire('job')).toBe(false);
    expect(a.holds('job')).toBe(true);
    expect([...(await a.liveReplicas())].sort()).toEqual(['a', 'b']);
    await a.stop();
    await b.stop();
  });

  it('lets another replica take over after the holder dies, within one ttl and a beat', async () => {
    const a = await open('a');
    const b = await open('b');
    await a.start();
    await b.start();
    const gained: number[] = [];
    const started = Date.now();
    expect(await a.tryAcquire(POLL_LEASE)).toBe(true);
    b.want(POLL_LEASE, () => gained.push(Date.now() - started));
    await vi.advanceTimersByTimeAsync(TTL);
    expect(gained).toEqual([]);

    kill(a);
    const killedAt = Date.now() - started;
    await vi.advanceTimersByTimeAsync(TTL * 2);
    expect(gained).toHaveLength(1);
    expect((gained[0] ?? 0) - killedAt).toBeLessThanOrEqual(TTL + TTL / 3);
    expect(b.holds(POLL_LEASE)).toBe(true);
    // The dead replica's heartbeat has expired too: it no longer counts as alive.
    expect([...(await b.liveReplicas())]).toEqual(['b']);
    await b.stop();
  });

  it('tells its owner when a lease it held was taken by another (it stalled past the expiry)', async () => {
    const a = await open('a');
    const b = await open('b');
    const lost: string[] = [];
    a.onLost((name) => lost.push(name));
    expect(await a.tryAcquire('broadcast:J1')).toBe(true);
    // a never started its beats (a stalled process): after the ttl b takes the job.
    await vi.advanceTimersByTimeAsync(TTL + 1);
    expect(await b.tryAcquire('broadcast:J1')).toBe(true);
    expect(await a.tryAcquire('broadcast:J1')).toBe(false);
    expect(lost).toEqual(['broadcast:J1']);
    expect(a.holds('broadcast:J1')).toBe(false);
  });

  it('gives every lease up on stop, so the others take over at once', async () => {
    const a = await open('a');
    const b = await open('b');
    await a.start();
    expect(await a.tryAcquire(POLL_LEASE)).toBe(true);
    await a.stop();
    expect(await b.tryAcquire(POLL_LEASE)).toBe(true);
    expect(await b.liveReplicas()).toEqual(new Set());
    expect(await a.tryAcquire('anything')).toBe(false); // a stopped replica takes nothing
  });

  it('runs poll passes only on the lease holder; a standby takes over and polls at once', async () => {
    const a = await open('a');
    const b = await open('b');
    await a.start();
    await b.start();
    const passes: string[] = [];
    const cronA = startPollCron(async () => void passes.push('a'), {
      cron: '* * * * * *',
      logger,
      replica: a,
    });
    const cronB = startPollCron(async () => void passes.push('b'), {
      cron: '* * * * * *',
      logger,
      replica: b,
    });
    await vi.advanceTimersByTimeAsync(5_000);
    const holder = passes[0];
    expect(holder === 'a' || holder === 'b').toBe(true);
    expect(new Set(passes)).toEqual(new Set([holder]));
    expect(passes.length).toBeGreaterThanOrEqual(4);

    const [dead, standby, deadCron] = holder === 'a' ? [a, 'b', cronA] : [b, 'a', cronB];
    kill(dead);
    await deadCron.stop(); // its process is gone: no more ticks
    passes.length = 0;
    await vi.advanceTimersByTimeAsync(TTL + TTL / 3 + 1_000);
    expect(passes).toContain(standby);
    expect(new Set(passes)).toEqual(new Set([standby]));
    await cronA.stop();
    await cronB.stop();
    await a.stop();
    await b.stop();
  });

  it('names a replica "local" on SQLite and host-suffix on Postgres', () => {
    expect(defaultReplicaId('sqlite', 'web-1', 'abc123')).toBe('local');
    expect(defaultReplicaId('postgres', 'web-1', 'abc123')).toBe('web-1-abc123');
  });
});

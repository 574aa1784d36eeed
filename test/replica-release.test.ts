// Replica: a lease given up stays given up, even when a renewal of it was already on its way.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/log.js';
import { Replica } from '../src/replica.js';
import type { Lease, Store } from '../src/store/index.js';

/** An in-memory lease table whose acquire can be held at a gate, as a slow database would. */
function leaseTable() {
  const rows = new Map<string, string>();
  let gate: Promise<void> | null = null;
  let open = () => {};
  const store = {
    instanceId: 'r1',
    leases: {
      async acquire(name: string, holder: string) {
        if (gate) await gate;
        const current = rows.get(name);
        if (current !== undefined && current !== holder) return false;
        rows.set(name, holder);
        return true;
      },
      async release(name: string, holder: string) {
        if (rows.get(name) === holder) rows.delete(name);
      },
      async list(): Promise<Lease[]> {
        return [];
      },
    },
  } as unknown as Store;
  return {
    store,
    rows,
    /** Acquires wait from now until the returned function is called. */
    hold(): () => void {
      gate = new Promise<void>((resolve) => {
        open = () => {
          gate = null;
          resolve();
        };
      });
      return () => open();
    },
  };
}

const logger = createLogger({ level: 'error', write: () => {} });

describe('Replica.release', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('wins over a renewal that was in flight when it was called', async () => {
    const table = leaseTable();
    const replica = new Replica({ store: table.store, logger, ttlMs: 60_000 });
    expect(await replica.tryAcquire('broadcast:j1')).toBe(true);

    const open = table.hold();
    const renewal = replica.tryAcquire('broadcast:j1'); // a beat renewing it
    await replica.release('broadcast:j1'); // the follower finished meanwhile
    open();
    expect(await renewal).toBe(false);

    expect(replica.holds('broadcast:j1')).toBe(false);
    expect(table.rows.has('broadcast:j1')).toBe(false);
  });

  it('is not undone by a heartbeat that listed the lease before it was given up', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const table = leaseTable();
    const replica = new Replica({ store: table.store, logger, ttlMs: 3_000 });
    await replica.start(); // holds replica:r1
    expect(await replica.tryAcquire('broadcast:j1')).toBe(true);

    // The beat renews replica:r1 first (held at the gate), broadcast:j1 next.
    const open = table.hold();
    vi.advanceTimersByTime(1_000);
    await replica.release('broadcast:j1');
    open();
    await new Promise((resolve) => setImmediate(resolve)); // the beat, all in-memory, is over by then

    expect(replica.holds('broadcast:j1')).toBe(false);
    expect(table.rows.has('broadcast:j1')).toBe(false);
    expect(table.rows.get('replica:r1')).toBe('r1');
    await replica.stop();
  });
});

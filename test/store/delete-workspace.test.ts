// Uninstalling a workspace (issue 12): deleteWorkspace removes exactly that workspace's rows, from every table,
// in one go, and leaves the others and the single-workspace data alone; listWorkspaces names who holds data.
// Rows are counted with SQL on the database itself, past the store. On both backends.
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { WORKSPACE_TABLES } from '../../src/store/workspace.js';
import { at, describeEachBackend, lead, T0, useStore } from './backends.js';

const MINUTE = 60_000;

/** One row or more of every kind a workspace stores. */
async function fill(store: Store): Promise<void> {
  await store.markPending('L1', 'C1', lead('L1'), T0);
  await store.markPosted('L2', 'C1', '1.2', lead('L2'), T0);
  await store.markSkipped(['L3'], T0);
  await store.savePollerState({ initializedAt: T0, totalPosted: 1 });
  await store.setSetting('draft:1', { text: 'hi' });
  await store.routes.set({
    sourceGroupId: 'g1',
    sourceGroupName: 'Buyers',
    channel: 'C1',
    setBy: 'U1',
    setAt: T0,
  });
  await store.broadcasts.track({
    jobId: 'J1',
    channel: 'C1',
    ts: '1.1',
    startedBy: 'U1',
    status: 'running',
    state: {},
  });
  await store.idempotency.claim('k1', T0);
  await store.audit.record({
    actor: 'U1',
    team: 'T',
    action: 'route.set',
    target: 'g1',
    outcome: 'ok',
    at: T0,
  });
  await store.leases.acquire(`broadcast:J1`, 'R1', 60 * MINUTE, new Date());
}

describeEachBackend('deleteWorkspace and listWorkspaces', (backend) => {
  const ctx = useStore(backend);

  /** workspace → table → rows, read straight from the database. */
  async function census(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const table of WORKSPACE_TABLES) {
      const rows = await ctx.db.sql<{ workspace: string; n: number }>(
        `SELECT workspace, CAST(COUNT(*) AS INTEGER) AS n FROM ${table} GROUP BY workspace`,
      );
      for (const { workspace, n } of rows) {
        out[workspace] ??= {};
        (out[workspace] as Record<string, number>)[table] = Number(n);
      }
    }
    return out;
  }
  const leaseNames = async () =>
    (await ctx.db.sql<{ name: string }>('SELECT name FROM leases ORDER BY name')).map((r) => r.name);

  const full = {
    lead_records: 3,
    poller_state: 1,
    settings: 1,
    lead_routes: 1,
    bulk_jobs: 1,
    idempotency_keys: 1,
    audit_log: 1,
  };

  it('deletes every row of one workspace, its leases too, and nothing of the others', async () => {
    const root = ctx.store;
    await fill(root);
    await fill(root.forWorkspace('T0AAA'));
    await fill(root.forWorkspace('T0BBB'));
    await root.leases.acquire('replica:R1', 'R1', MINUTE, new Date());
    expect(await census()).toEqual({ '': full, T0AAA: full, T0BBB: full });
    expect(await leaseNames()).toEqual([
      'broadcast:J1',
      'replica:R1',
      'ws:T0AAA:broadcast:J1',
      'ws:T0BBB:broadcast:J1',
    ]);
    expect(await root.listWorkspaces()).toEqual(['T0AAA', 'T0BBB']);

    expect(await root.deleteWorkspace('T0AAA')).toEqual({ ...full, slack_installations: 0, leases: 1 });

    expect(await census()).toEqual({ '': full, T0BBB: full });
    expect(await leaseNames()).toEqual(['broadcast:J1', 'replica:R1', 'ws:T0BBB:broadcast:J1']);
    expect(await root.listWorkspaces()).toEqual(['T0BBB']);
    // The deleted workspace starts over if it installs again.
    const again = root.forWorkspace('T0AAA');
    expect(await again.getPollerState()).toMatchObject({ initializedAt: null, totalPosted: 0 });
    expect(await again.getLeadRecord('L2')).toBeUndefined();
    expect(await again.markPending('L1', 'C1', lead('L1'), at(1))).toBe(true);
    // Database-wide: a workspace's view may delete another (what an uninstall handler holds does not matter).
    expect((await again.deleteWorkspace('T0BBB')).lead_records).toBe(3);
    expect(Object.keys(await census()).sort()).toEqual(['', 'T0AAA']);
    expect(await root.deleteWorkspace('T0ZZZ')).toEqual({
      lead_records: 0,
      poller_state: 0,
      settings: 0,
      lead_routes: 0,
      bulk_jobs: 0,
      idempotency_keys: 0,
      audit_log: 0,
      slack_installations: 0,
      leases: 0,
    });
  });

  it("refuses '' (the single-workspace data) and ids that are not workspace ids, deleting nothing", async () => {
    await fill(ctx.store);
    await expect(ctx.store.deleteWorkspace('')).rejects.toThrow(/single-workspace/);
    await expect(ctx.store.forWorkspace('T0AAA').deleteWorkspace('')).rejects.toThrow(/refused/);
    await expect(ctx.store.deleteWorkspace('%')).rejects.toThrow(/Invalid workspace id/);
    await expect(ctx.store.deleteWorkspace('t0aaa')).rejects.toThrow(/Invalid workspace id/);
    expect(await census()).toEqual({ '': full });
    expect(await leaseNames()).toEqual(['broadcast:J1']);
  });

  it('lists workspaces holding a poller-state, setting or lead row; never the default', async () => {
    const root = ctx.store;
    expect(await root.listWorkspaces()).toEqual([]);
    await root.forWorkspace('T3').savePollerState({ totalPosted: 1 });
    await root.forWorkspace('E1').setSetting('k', 1);
    await root.forWorkspace('T2').markSkipped(['L1'], T0);
    await root.forWorkspace('T2').markSkipped(['L2'], T0);
    // Audit entries, routes and leases alone do not make a workspace "hold data" for the status page.
    await root.forWorkspace('T9').audit.record({
      actor: 'U1',
      team: 'T9',
      action: 'denied',
      target: 'x',
      outcome: 'denied',
      at: T0,
    });
    await root.forWorkspace('T8').leases.acquire('poller', 'R1', MINUTE, new Date());
    expect(await root.listWorkspaces()).toEqual(['E1', 'T2', 'T3']);
    expect(await root.forWorkspace('T2').listWorkspaces()).toEqual(['E1', 'T2', 'T3']);
  });
});

// What both backends share about workspaces (issue 12: one deployment, many Slack workspaces). Every row of
// workspace data carries a `workspace` column; a Store is a view bound to one workspace, and the default
// workspace '' is the single-workspace mode (a bot token and API key from the environment, today's data).
import type { Lease, LeaseStore, WorkspaceTable } from './types.js';

/** The single-workspace mode's workspace: the one openStore() returns, and where pre-issue-12 rows live. */
export const DEFAULT_WORKSPACE = '';

// Every table that holds workspace data, in the order deleteWorkspace() reports them. Built from a record
// so the compiler insists on every member of WorkspaceTable; test/store/workspace-schema.test.ts fails for a
// table with a `workspace` column that is missing here, or a new table with neither.
const TABLES: Record<WorkspaceTable, true> = {
  lead_records: true,
  poller_state: true,
  settings: true,
  lead_routes: true,
  bulk_jobs: true,
  idempotency_keys: true,
  audit_log: true,
  slack_installations: true,
};
export const WORKSPACE_TABLES = Object.keys(TABLES) as readonly WorkspaceTable[];

// Slack team ids (T…) and Enterprise Grid org ids (E…) are short upper-case alphanumerics.
const WORKSPACE_ID = /^[A-Z0-9]{1,32}$/;

/** Returns the id unchanged, or throws: a typo here would file one workspace's data under another. */
export function checkWorkspaceId(workspaceId: string): string {
  if (workspaceId === DEFAULT_WORKSPACE || WORKSPACE_ID.test(workspaceId)) return workspaceId;
  const shown = JSON.stringify(String(workspaceId).slice(0, 40));
  throw new Error(
    `Invalid workspace id ${shown}: expected a Slack team or enterprise id (1-32 of A-Z, 0-9, e.g. T0123ABCD), or '' for the single-workspace mode`,
  );
}

/** Refuses the default workspace: deleting it would wipe the single-workspace mode's data. */
export function checkDeletableWorkspace(workspaceId: string): string {
  checkWorkspaceId(workspaceId);
  if (workspaceId === DEFAULT_WORKSPACE) {
    throw new Error(
      "deleteWorkspace('') refused: '' is the single-workspace mode's data, which is never deleted as a workspace",
    );
  }
  return workspaceId;
}

/** Where a workspace's leases live in the one global leases table: `ws:<id>:`, or no prefix for ''. */
export const leasePrefix = (workspaceId: string): string =>
  workspaceId === DEFAULT_WORKSPACE ? '' : `ws:${workspaceId}:`;

/**
 * Leases stay one global table (replica heartbeats are the deployment's, not a workspace's); a workspace's
 * view prefixes the names it uses and strips the prefix from what it lists, so callers see today's names. The
 * default workspace uses the table as it is, and so still sees every lease (the deployment's status page).
 */
export function scopeLeases(leases: LeaseStore, workspaceId: string): LeaseStore {
  const prefix = leasePrefix(workspaceId);
  if (prefix === '') return leases;
  const strip = (lease: Lease): Lease => ({ ...lease, name: lease.name.slice(prefix.length) });
  return {
    acquire: (name, holder, ttlMs, now) => leases.acquire(prefix + name, holder, ttlMs, now),
    release: (name, holder) => leases.release(prefix + name, holder),
    list: async (namePrefix, now) => (await leases.list(prefix + namePrefix, now)).map(strip),
  };
}

/**
 * Views share their root's connection: each workspace's view is built once and kept, and closing a view
 * does nothing (only the store openStore() returned closes the connection).
 */
export function viewCache<S>(build: (workspaceId: string) => S): (workspaceId: string) => S {
  const views = new Map<string, S>();
  return (workspaceId) => {
    checkWorkspaceId(workspaceId);
    let view = views.get(workspaceId);
    if (!view) {
      view = build(workspaceId);
      views.set(workspaceId, view);
    }
    return view;
  };
}

// Which workspace a Slack request belongs to, for everything it calls. Features register their listeners once,
// with one context object; in OAuth mode that object must still hand each request its own workspace's store,
// MoltFlow client and access lists. So the registered context is a façade whose fields are read, at the
// moment a listener touches them, from the workspace of the request being handled (an AsyncLocalStorage
// entered by a middleware before any listener runs). Work outside a request (pollers, followers) is built
// per workspace and never goes through the façade.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BroadcastContext } from '../features/broadcasts/index.js';
import type { GuardDeps } from '../slack/listener-table.js';
import type { Workspace } from './workspace.js';

export class NoWorkspaceError extends Error {
  override readonly name = 'NoWorkspaceError';
}

export class WorkspaceScope {
  private readonly als = new AsyncLocalStorage<Workspace>();

  /** `fallback`: the one workspace of single-workspace mode; none in OAuth mode (no request, no workspace). */
  constructor(private readonly fallback: () => Workspace | undefined) {}

  run<T>(workspace: Workspace, work: () => T): T {
    return this.als.run(workspace, work);
  }

  current(): Workspace {
    const workspace = this.als.getStore() ?? this.fallback();
    if (!workspace) throw new NoWorkspaceError('No workspace is in scope (a listener ran outside a request)');
    return workspace;
  }

  /** The context features register with: each field is the current workspace's. */
  context(): BroadcastContext {
    const of = () => this.current().ctx;
    return {
      get config() {
        return of().config;
      },
      get logger() {
        return of().logger;
      },
      get moltflow() {
        return of().moltflow;
      },
      get moltflowInteractive() {
        return of().moltflowInteractive;
      },
      get store() {
        return of().store;
      },
      get access() {
        return of().access;
      },
      get now() {
        return of().now;
      },
      get replica() {
        return of().replica;
      },
      get push() {
        return of().push;
      },
      get changes() {
        return of().changes;
      },
      get broadcasts() {
        return of().broadcasts;
      },
    };
  }

  /** The listener table's guard: the roles, audit trail and lookup client of the request's workspace. */
  guardDeps(base: Pick<GuardDeps, 'logger' | 'now'>): GuardDeps {
    const current = () => this.current();
    return {
      ...base,
      get access() {
        return current().ctx.access;
      },
      get audit() {
        return current().ctx.store.audit;
      },
      lookupClient: () => current().lookupClient,
    };
  }
}

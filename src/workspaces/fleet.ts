// OAuth mode: every installed workspace, each running as its own Workspace (workspace.ts) on this replica.
// A workspace is built the first time a request or a sync needs it, rebuilt when what it runs with changes
// (a MoltFlow key connected, a channel or poll interval set, a token rotated), and dropped when it is
// uninstalled. Replicas learn of changes made on another replica by syncing with the store every lease
// period; the replica where the change was made syncs that workspace at once (refresh).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { Workspace } from './workspace.js';

/** What one installed workspace runs with, as read from the store. */
export interface WorkspaceSetup {
  readonly workspaceId: string;
  /** Changes whenever anything below does (a rebuild follows). */
  readonly fingerprint: string;
  /** `previous`: the workspace this one replaces (what it hands over, e.g. who watches its Home). */
  create(previous?: Workspace): Workspace;
}

export interface WorkspaceSource {
  /** The ids of the installed workspaces. */
  list(): Promise<string[]>;
  /** Undefined once the workspace is not installed (any more). */
  load(workspaceId: string): Promise<WorkspaceSetup | undefined>;
}

interface Running {
  workspace: Workspace;
  fingerprint: string;
  /** Background work started (a workspace built for a request before start() waits for it). */
  started: boolean;
}

/** Webhook deliveries of a workspace arrive at `${WEBHOOK_BASE}/<workspace id>`. */
export const workspaceWebhookPath = (base: string, workspaceId: string): string => `${base}/${workspaceId}`;

export class WorkspaceFleet {
  private readonly running = new Map<string, Running>();
  /** One load/build at a time per workspace, so a burst of clicks builds it once. */
  private readonly loading = new Map<string, Promise<Workspace | undefined>>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private schedule = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly source: WorkspaceSource,
    private readonly logger: Logger,
  ) {}

  /** The running workspace for a request (built on first use); undefined when it is not installed. */
  get(workspaceId: string): Promise<Workspace | undefined> {
    const running = this.running.get(workspaceId);
    if (running) return Promise.resolve(running.workspace);
    return this.refresh(workspaceId);
  }

  /** Re-reads one workspace now (after its settings changed here) and rebuilds it if needed. */
  refresh(workspaceId: string): Promise<Workspace | undefined> {
    const inFlight = this.loading.get(workspaceId);
    if (inFlight) return inFlight;
    const loading = this.reload(workspaceId).finally(() => this.loading.delete(workspaceId));
    this.loading.set(workspaceId, loading);
    return loading;
  }

  /** The workspace if it is running here now (no store read). */
  peek(workspaceId: string): Workspace | undefined {
    return this.running.get(workspaceId)?.workspace;
  }

  /** The workspaces running here now, by id. */
  list(): Workspace[] {
    return [...this.running.values()].map((r) => r.workspace);
  }

  /** Starts every installed workspace's background work, and keeps in step with the store every `everyMs`. */
  async start(schedule: boolean, everyMs: number): Promise<void> {
    this.schedule = schedule;
    this.started = true;
    for (const running of this.running.values()) await this.startWork(running);
    await this.sync();
    this.timer = setInterval(() => void this.sync(), everyMs);
    this.timer.unref();
  }

  /** Brings this replica in line with the store: new installs start, changed ones rebuild, removed ones stop. */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const installed = new Set(await this.source.list());
        for (const id of [...this.running.keys()]) if (!installed.has(id)) await this.drop(id);
        for (const id of installed) await this.refresh(id);
      } catch (error) {
        this.logger.warn('could not sync the installed workspaces; trying again later', { error });
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** Stops a workspace's work here (uninstalled); its stored data is the caller's to delete. */
  async drop(workspaceId: string): Promise<void> {
    const running = this.running.get(workspaceId);
    if (!running) return;
    this.running.delete(workspaceId);
    await running.workspace.stop();
    await running.workspace.close();
    this.logger.info('workspace stopped', { workspace: workspaceId });
  }

  /** POST /moltflow/webhook/<workspace>: that workspace's intake (its own secret), or 404. */
  async handleWebhook(workspaceId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // '' is single-workspace mode's workspace (its source knows no other, as OAuth mode's knows no '').
    const valid = workspaceId === '' || /^[A-Z0-9]{1,32}$/.test(workspaceId);
    const workspace = valid ? await this.get(workspaceId) : undefined;
    if (!workspace) {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      return;
    }
    workspace.handleWebhook(req, res);
  }

  /** Stops every workspace's crons (the passes in flight end first). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
    await Promise.all([...this.loading.values()]);
    await Promise.all(this.list().map((w) => w.stop()));
  }

  /** After stop() and the drain of listener work: followers stop, clients close. */
  async close(): Promise<void> {
    await Promise.all(this.list().map((w) => w.close()));
    this.running.clear();
  }

  private async startWork(running: Running): Promise<void> {
    if (!this.started || running.started) return;
    running.started = true;
    await running.workspace.start(this.schedule);
  }

  private async reload(workspaceId: string): Promise<Workspace | undefined> {
    const setup = await this.source.load(workspaceId);
    const running = this.running.get(workspaceId);
    if (!setup) {
      await this.drop(workspaceId);
      return undefined;
    }
    if (running && running.fingerprint === setup.fingerprint) return running.workspace;
    if (this.stopped) return undefined;
    // The new one takes the old one's place before the old one stops, so no request (and no reader of the
    // single workspace) ever finds none; its background work starts once the old one's has stopped.
    const workspace = setup.create(running?.workspace);
    const entry: Running = { workspace, fingerprint: setup.fingerprint, started: false };
    this.running.set(workspaceId, entry);
    if (running) {
      await running.workspace.stop();
      await running.workspace.close();
    }
    await this.startWork(entry);
    this.logger.info(running ? 'workspace rebuilt with new settings' : 'workspace started', {
      workspace: workspaceId,
    });
    return workspace;
  }
}

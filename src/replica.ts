// One running copy of the app among several on one database. Work that must happen once (the poll pass,
// following a broadcast) is done under a lease in the store: a row naming the holder, with an expiry the
// holder keeps pushing forward. A replica that dies, kill -9 included, stops renewing, and another takes the
// lease once it expires. Each replica also holds a `replica:<id>` lease while it runs, so the others can tell
// a live replica's unfinished work (a card being posted) from a dead one's.
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from './log.js';
import { type Lease, openStore, parseDatabaseUrl, type SecretBox, type Store } from './store/index.js';

export const REPLICA_PREFIX = 'replica:';

export interface ReplicaOptions {
  store: Store;
  logger: Logger;
  /** How long a lease outlives its holder's last renewal. Renewals happen every third of it. */
  ttlMs: number;
  now?: () => Date;
}

type LostHandler = (name: string) => void;

/**
 * What work uses of a replica: its ids and the leases it holds. A workspace's view (forWorkspace) names its
 * leases `ws:<workspace>:<name>`, so two workspaces' pollers are two leases, which different replicas may hold.
 */
export interface ReplicaView {
  readonly id: string;
  readonly runId: string;
  readonly ttlMs: number;
  tryAcquire(name: string): Promise<boolean>;
  holds(name: string): boolean;
  want(name: string, onGained: () => void): void;
  /** Returns a function that stops the handler (a removed workspace's work must not be called back). */
  onLost(handler: LostHandler): () => void;
  release(name: string): Promise<void>;
  liveReplicas(): Promise<Set<string>>;
  leases(): Promise<Lease[]>;
}

/** The lease-name prefix of one workspace ('' for single-workspace mode, whose names stay as they were). */
export const workspaceLeasePrefix = (workspaceId: string): string =>
  workspaceId === '' ? '' : `ws:${workspaceId}:`;

export class Replica implements ReplicaView {
  readonly id: string;
  /** Unique to this run of the process (the id may be the same after a restart). */
  readonly runId = randomUUID();
  private readonly held = new Set<string>();
  /** Acquires on their way to the store, per lease; release() marks them revoked (see tryAcquire). */
  private readonly pending = new Map<string, Set<{ revoked: boolean }>>();
  private readonly wanted = new Map<string, () => void>();
  private readonly lostHandlers = new Set<LostHandler>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly opts: ReplicaOptions) {
    this.id = opts.store.instanceId;
    this.now = opts.now ?? (() => new Date());
  }

  get ttlMs(): number {
    return this.opts.ttlMs;
  }

  /** Announces this replica and starts renewing what it holds (and trying for what it wants). */
  async start(): Promise<void> {
    await this.tryAcquire(`${REPLICA_PREFIX}${this.id}`);
    const every = Math.max(50, Math.floor(this.opts.ttlMs / 3));
    this.timer = setInterval(() => void this.beat(), every);
    this.timer.unref();
  }

  /** Takes or renews `name`; true while this replica holds it. A store error counts as not held. */
  async tryAcquire(name: string): Promise<boolean> {
    if (this.stopped) return false;
    const call = { revoked: false };
    const calls = this.pending.get(name) ?? new Set();
    calls.add(call);
    this.pending.set(name, calls);
    let got: boolean;
    try {
      got = await this.opts.store.leases.acquire(name, this.id, this.opts.ttlMs, this.now());
    } catch (error) {
      this.opts.logger.warn('could not renew a lease; treating it as lost', { lease: name, error });
      got = false;
    } finally {
      calls.delete(call);
      if (calls.size === 0 && this.pending.get(name) === calls) this.pending.delete(name);
    }
    // Given up while this call was on its way (a beat renewing a finished broadcast's lease): the release
    // stands, and a row this call wrote after it goes too, or the lease would be held for nothing forever.
    if (call.revoked) {
      if (got) await this.dropRow(name);
      return false;
    }
    if (got) {
      if (!this.held.has(name)) this.opts.logger.info('lease taken', { lease: name, replica: this.id });
      this.held.add(name);
    } else if (this.held.delete(name)) {
      this.opts.logger.warn('lease lost to another replica', { lease: name, replica: this.id });
      for (const handler of this.lostHandlers) handler(name);
    }
    return got;
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  /** Keeps asking for `name` at every beat; `onGained` runs each time this replica takes it. */
  want(name: string, onGained: () => void): void {
    this.wanted.set(name, onGained);
  }

  /** Called with the name of any lease this replica had and another took (its work must stop). */
  onLost(handler: LostHandler): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  /** Stops wanting `name` (its workspace was removed). */
  unwant(name: string): void {
    this.wanted.delete(name);
  }

  /** The same replica, with every lease name under one workspace's prefix. */
  forWorkspace(workspaceId: string): ReplicaView {
    const prefix = workspaceLeasePrefix(workspaceId);
    if (prefix === '') return this;
    const strip = (lease: Lease): Lease => ({ ...lease, name: lease.name.slice(prefix.length) });
    return {
      id: this.id,
      runId: this.runId,
      ttlMs: this.ttlMs,
      tryAcquire: (name) => this.tryAcquire(prefix + name),
      holds: (name) => this.holds(prefix + name),
      want: (name, onGained) => this.want(prefix + name, onGained),
      onLost: (handler) =>
        this.onLost((name) => {
          if (name.startsWith(prefix)) handler(name.slice(prefix.length));
        }),
      release: (name) => this.release(prefix + name),
      liveReplicas: () => this.liveReplicas(),
      leases: async () => (await this.opts.store.leases.list(prefix, this.now())).map(strip),
    };
  }

  async release(name: string): Promise<void> {
    for (const call of this.pending.get(name) ?? []) call.revoked = true;
    this.held.delete(name);
    await this.dropRow(name);
  }

  private async dropRow(name: string): Promise<void> {
    try {
      await this.opts.store.leases.release(name, this.id);
    } catch (error) {
      this.opts.logger.warn('could not release a lease; it will expire', { lease: name, error });
    }
  }

  /** The ids of the replicas alive now (their heartbeat lease has not expired). */
  async liveReplicas(): Promise<Set<string>> {
    const leases = await this.opts.store.leases.list(REPLICA_PREFIX, this.now());
    return new Set(leases.map((lease) => lease.holder));
  }

  /** Every unexpired lease, for /moltflow status. */
  leases(): Promise<Lease[]> {
    return this.opts.store.leases.list('', this.now());
  }

  /** Stops renewing and gives every lease up, so the others take over at once instead of at expiry. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.beating;
    await Promise.all([...this.held].map((name) => this.release(name)));
  }

  private beat(): Promise<void> {
    this.beating ??= (async () => {
      try {
        for (const name of [...this.held]) {
          // Released since the loop began: renewing it would take it back.
          if (this.held.has(name)) await this.tryAcquire(name);
        }
        for (const [name, onGained] of this.wanted) {
          if (this.held.has(name)) continue;
          if (await this.tryAcquire(name)) onGained();
        }
      } finally {
        this.beating = null;
      }
    })();
    return this.beating;
  }
}

/**
 * Opens DATABASE_URL as this replica. Its id when REPLICA_ID is unset: "local" on SQLite, where one process
 * owns the file and a fixed name lets a restarted process settle its own unfinished posts at once; on
 * Postgres the host name and a random suffix, since every replica needs its own.
 */
export async function openReplicaStore(
  databaseUrl: string,
  replicaId: string | undefined,
  secretBox?: SecretBox,
): Promise<Store> {
  const backend = parseDatabaseUrl(databaseUrl).kind;
  const instanceId = replicaId ?? defaultReplicaId(backend, hostname(), randomBytes(3).toString('hex'));
  return openStore(databaseUrl, { instanceId, ...(secretBox ? { secretBox } : {}) });
}

export function defaultReplicaId(backend: 'sqlite' | 'postgres', hostname: string, suffix: string): string {
  return backend === 'sqlite' ? 'local' : `${hostname}-${suffix}`.slice(0, 64);
}

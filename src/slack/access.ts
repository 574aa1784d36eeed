// Resolves a person's roles from Slack (users.info, user-group membership) with the pure rules of
// domain/access.ts. Lookups are cached briefly, so a burst of clicks costs one call; a lookup that fails
// denies (and is not cached), because "we could not tell" must never mean "allowed". Every cache is kept per
// installation (the token the client carries: one per workspace, or per org for an org-wide install), so
// with many workspaces an answer about a person or a user group of A is never used for B.
import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import {
  type AccessLists,
  groupsIn,
  type Role,
  rolesOf,
  type Standing,
  standingOf,
  type UserFacts,
  whoGrants,
} from '../domain/access.js';
import type { Logger } from '../log.js';

export type AccessDecision =
  | { allowed: true; roles: ReadonlySet<Role> }
  | {
      allowed: false;
      reason: 'role' | 'guest' | 'external' | 'inactive' | 'lookup_failed';
      roles: ReadonlySet<Role>;
    };

interface Cached<T> {
  at: number;
  value: T;
}

export interface AccessControlOptions {
  lists: AccessLists;
  logger: Logger;
  /** How long users.info and user-group answers are trusted (default 60 s). */
  ttlMs?: number;
  /** The longest a check may take before it answers no (default 2 s: it runs before Slack's 3 s ack). */
  deadlineMs?: number;
  now?: () => number;
}

const NO_ROLES: ReadonlySet<Role> = new Set();

/** What is cached for one installation. */
interface Scope {
  users: Map<string, Cached<Promise<UserFacts>>>;
  groups: Map<string, Cached<Set<string>>>;
  team: Promise<string> | null;
}

/** Enough for every installed workspace; past it the caches start over (they are only 60 s deep anyway). */
const MAX_SCOPES = 1_000;

/** The cache key of a client's installation: a digest of its token, so no token sits in a map key. */
const scopeKey = (client: webApi.WebClient): string =>
  createHash('sha256')
    .update(client.token ?? '')
    .digest('base64url')
    .slice(0, 22);

export class AccessControl {
  readonly lists: AccessLists;
  private readonly scopes = new Map<string, Scope>();
  private readonly ttlMs: number;
  private readonly deadlineMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(opts: AccessControlOptions) {
    this.lists = opts.lists;
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.deadlineMs = opts.deadlineMs ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.logger = opts.logger;
  }

  /** Whether `userId` holds `role`; never throws. */
  async check(client: webApi.WebClient, userId: string, role: Role): Promise<AccessDecision> {
    let timer: NodeJS.Timeout | undefined;
    // The check runs before the ack: however slow Slack is, it answers (no) well inside Slack's 3 seconds.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('role lookup took too long')), this.deadlineMs);
    });
    try {
      return await Promise.race([this.decide(client, userId, role), deadline]);
    } catch (error) {
      this.logger.warn('could not look up a person’s roles; denying', { user: userId, error });
      return { allowed: false, reason: 'lookup_failed', roles: NO_ROLES };
    } finally {
      clearTimeout(timer);
    }
  }

  private scopeOf(client: webApi.WebClient): Scope {
    const key = scopeKey(client);
    let scope = this.scopes.get(key);
    if (!scope) {
      if (this.scopes.size >= MAX_SCOPES) this.scopes.clear();
      scope = { users: new Map(), groups: new Map(), team: null };
      this.scopes.set(key, scope);
    }
    return scope;
  }

  private async decide(client: webApi.WebClient, userId: string, role: Role): Promise<AccessDecision> {
    const scope = this.scopeOf(client);
    const [user, team] = await Promise.all([
      this.userFacts(scope, client, userId),
      this.installedTeam(scope, client),
    ]);
    const standing: Standing = standingOf(user, team);
    const memberships =
      standing === 'member' ? await this.memberships(scope, client, userId) : new Set<string>();
    const roles = rolesOf(user, team, this.lists, (id) => memberships.has(id));
    if (roles.has(role)) return { allowed: true, roles };
    const reason = standing === 'member' ? 'role' : standing;
    return { allowed: false, reason, roles };
  }

  /** The plain-words refusal: what they tried, which role it needs, whom to ask. */
  denialText(role: Role, doing: string, decision: AccessDecision): string {
    if (decision.allowed) return '';
    if (decision.reason === 'lookup_failed') {
      return `I couldn't check your access to ${doing} just now (Slack did not answer). Please try again in a moment.`;
    }
    if (decision.reason === 'guest' || decision.reason === 'external' || decision.reason === 'inactive') {
      const who = decision.reason === 'external' ? 'people from other organisations' : 'guests';
      return `Sorry, MoltFlow in this workspace is not available to ${who}. A workspace admin can add you by your user id if you need it.`;
    }
    const ask = whoGrants(role, this.lists).map((id) =>
      id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`,
    );
    const askText = ask.length > 0 ? `ask one of ${ask.join(', ')}` : 'ask a workspace admin';
    return `You need the ${role} role to ${doing}; ${askText}.`;
  }

  /** Cached, and shared by concurrent checks: a burst of clicks from one person costs one users.info. */
  private userFacts(scope: Scope, client: webApi.WebClient, userId: string): Promise<UserFacts> {
    const hit = scope.users.get(userId);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = client.users.info({ user: userId }).then((res): UserFacts => {
      const u = res.user;
      if (!u) throw new Error('users.info returned no user');
      return {
        id: userId,
        teamId: u.team_id,
        isOwner: u.is_owner === true || u.is_primary_owner === true,
        isAdmin: u.is_admin === true,
        isRestricted: u.is_restricted === true,
        isUltraRestricted: u.is_ultra_restricted === true,
        deleted: u.deleted === true,
        isBot: u.is_bot === true,
      };
    });
    const entry = { at: this.now(), value };
    scope.users.set(userId, entry);
    value.catch(() => {
      if (scope.users.get(userId) === entry) scope.users.delete(userId); // a failure is not remembered
    });
    return value;
  }

  /** The listed user groups this person belongs to. An unreadable group grants nothing. */
  private async memberships(scope: Scope, client: webApi.WebClient, userId: string): Promise<Set<string>> {
    const groups = groupsIn(this.lists);
    const members = await Promise.all(groups.map((group) => this.groupMembers(scope, client, group)));
    return new Set(groups.filter((_, i) => members[i]?.has(userId)));
  }

  private async groupMembers(scope: Scope, client: webApi.WebClient, group: string): Promise<Set<string>> {
    const hit = scope.groups.get(group);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    let members = new Set<string>();
    try {
      const res = await client.usergroups.users.list({ usergroup: group });
      members = new Set(res.users ?? []);
    } catch (error) {
      this.logger.warn('could not read a user group from an access list', { group, error });
      return members; // not cached: the next check asks again
    }
    scope.groups.set(group, { at: this.now(), value: members });
    return members;
  }

  private installedTeam(scope: Scope, client: webApi.WebClient): Promise<string> {
    scope.team ??= client.auth.test().then((res) => {
      if (!res.team_id) throw new Error('auth.test returned no team');
      return res.team_id;
    });
    const team = scope.team;
    team.catch(() => {
      if (scope.team === team) scope.team = null; // try again next time
    });
    return team;
  }
}

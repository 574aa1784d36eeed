// Who may do what (issue 9). Pure rules: the facts about a user come from Slack (users.info and user-group
// membership, read by slack/access.ts); here they become the roles that user holds.
//
//   admin     settings, routes, the audit trail: workspace owners and admins, plus ACCESS_ADMIN
//   outreach  broadcasts, schedules, contact-group changes, add to group, exports: admins plus ACCESS_OUTREACH
//   sales     see leads, move them, check reciprocity: every full member, or only ACCESS_SALES when it is set
//
// Guests and people from another organisation (Slack Connect) hold nothing unless listed by their user id:
// being in a listed user group is not enough for them, since a guest can be added to a group by anyone.

export const ROLES = ['sales', 'outreach', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The role lists, as configured: user ids (U…/W…) and user-group ids (S…). */
export interface AccessLists {
  readonly admin: readonly string[];
  readonly outreach: readonly string[];
  /** Empty → every full member of the workspace holds `sales`. */
  readonly sales: readonly string[];
}

/** What Slack says about the person (users.info) and the workspace the app is installed in. */
export interface UserFacts {
  readonly id: string;
  readonly teamId: string | undefined;
  readonly isOwner: boolean;
  readonly isAdmin: boolean;
  /** Multi-channel guest. */
  readonly isRestricted: boolean;
  /** Single-channel guest. */
  readonly isUltraRestricted: boolean;
  readonly deleted: boolean;
  readonly isBot: boolean;
}

export type Standing = 'member' | 'guest' | 'external' | 'inactive';

export function standingOf(user: UserFacts, installedTeamId: string): Standing {
  if (user.deleted || user.isBot) return 'inactive';
  if (user.teamId !== undefined && user.teamId !== installedTeamId) return 'external';
  if (user.isRestricted || user.isUltraRestricted) return 'guest';
  return 'member';
}

/**
 * The roles a person holds. `inGroup(id)` answers whether they belong to user group `id`; it is consulted only
 * for full members.
 */
export function rolesOf(
  user: UserFacts,
  installedTeamId: string,
  lists: AccessLists,
  inGroup: (groupId: string) => boolean,
): Set<Role> {
  const standing = standingOf(user, installedTeamId);
  const roles = new Set<Role>();
  if (standing === 'inactive') return roles;
  const full = standing === 'member';
  const listed = (list: readonly string[]) =>
    list.includes(user.id) || (full && list.some((id) => id.startsWith('S') && inGroup(id)));

  if ((full && (user.isOwner || user.isAdmin)) || listed(lists.admin)) roles.add('admin');
  if (roles.has('admin') || listed(lists.outreach)) roles.add('outreach');
  const salesOpen = lists.sales.length === 0;
  if (roles.has('outreach') || listed(lists.sales) || (full && salesOpen)) roles.add('sales');
  return roles;
}

/** The user groups whose membership can change the answer for these lists (so only those are read). */
export function groupsIn(lists: AccessLists): string[] {
  return [...new Set([...lists.admin, ...lists.outreach, ...lists.sales].filter((id) => id.startsWith('S')))];
}

/** Whom to ask for a role: the ids listed for it, then for the roles above it (at most `max`). */
export function whoGrants(role: Role, lists: AccessLists, max = 3): string[] {
  const order: Role[] =
    role === 'sales'
      ? ['sales', 'outreach', 'admin']
      : role === 'outreach'
        ? ['outreach', 'admin']
        : ['admin'];
  return [...new Set(order.flatMap((r) => lists[r]))].slice(0, max);
}

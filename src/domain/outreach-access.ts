import type { webApi } from '@slack/bolt';

/**
 * Who may broadcast, schedule or delete a contact group (OUTREACH_ALLOWED): listed user ids directly, and
 * members of listed user groups. Group membership is read from Slack and cached briefly, so a burst of
 * clicks costs one lookup. An empty list allows everyone.
 */
export class OutreachAccess {
  private readonly users: Set<string>;
  private readonly groups: string[];
  private cache: { at: number; members: Map<string, Set<string>> } | null = null;

  constructor(
    allowed: readonly string[],
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new Set(allowed.filter((id) => !id.startsWith('S')));
    this.groups = allowed.filter((id) => id.startsWith('S'));
  }

  get restricted(): boolean {
    return this.users.size > 0 || this.groups.length > 0;
  }

  async allows(client: webApi.WebClient, userId: string): Promise<boolean> {
    if (!this.restricted || this.users.has(userId)) return true;
    if (this.groups.length === 0) return false;
    const members = await this.groupMembers(client);
    return this.groups.some((group) => members.get(group)?.has(userId) ?? false);
  }

  /** The polite refusal, naming who can help. */
  refusal(action: string): string {
    const names = [...this.users].map((u) => `<@${u}>`).concat(this.groups.map((g) => `<!subteam^${g}>`));
    return `Sorry, ${action} is limited to ${names.join(', ')} in this workspace. Ask one of them, or an admin to change OUTREACH_ALLOWED.`;
  }

  private async groupMembers(client: webApi.WebClient): Promise<Map<string, Set<string>>> {
    if (this.cache && this.now() - this.cache.at < this.ttlMs) return this.cache.members;
    const members = new Map<string, Set<string>>();
    for (const group of this.groups) {
      try {
        const res = await client.usergroups.users.list({ usergroup: group });
        members.set(group, new Set(res.users ?? []));
      } catch {
        members.set(group, new Set()); // an unknown or unreadable group grants nothing
      }
    }
    this.cache = { at: this.now(), members };
    return members;
  }
}

// GET /groups (moltflow-api.md §6.2): the monitored WhatsApp groups leads come from, `{items, total}` as the
// reference script reads it. Seed with `monitoredGroups(fake.state).add('Buyers Club')`; the lead fake's
// default group (DEFAULT_GROUP) is listed until a test seeds its own.
import { randomUUID } from 'node:crypto';
import { json, type Route } from './router.js';
import { DEFAULT_GROUP, type MoltflowState } from './state.js';

export interface FakeMonitoredGroup {
  id: string;
  name: string;
  wa_group_id: string;
  is_active: boolean;
  monitor_mode: string;
  leads_detected: number;
  messages_processed: number;
}

export class MonitoredGroupsState {
  readonly groups: FakeMonitoredGroup[] = [];
  private seeded = false;

  constructor() {
    this.push(DEFAULT_GROUP.id, DEFAULT_GROUP.name);
  }

  /** Adds a group (the first call replaces the default one); pass `id` to match leads' source_group. */
  add(name: string, id: string = randomUUID()): FakeMonitoredGroup {
    if (!this.seeded) {
      this.groups.length = 0;
      this.seeded = true;
    }
    return this.push(id, name);
  }

  private push(id: string, name: string): FakeMonitoredGroup {
    const group: FakeMonitoredGroup = {
      id,
      name,
      wa_group_id: `1203630${String(this.groups.length + 1).padStart(11, '0')}@g.us`,
      is_active: true,
      monitor_mode: 'keywords',
      leads_detected: 0,
      messages_processed: 0,
    };
    this.groups.push(group);
    return group;
  }
}

export const monitoredGroups = (state: MoltflowState): MonitoredGroupsState =>
  state.area('monitored-groups', () => new MonitoredGroupsState());

export const monitoredGroupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/groups',
    handle: ({ state }) => {
      const groups = monitoredGroups(state).groups.map((g) => ({
        ...g,
        leads_detected: state.leads.filter(
          (l) => (l.data.source_group as { id?: unknown } | null)?.id === g.id,
        ).length,
      }));
      return json(200, { items: groups, total: groups.length });
    },
  },
];

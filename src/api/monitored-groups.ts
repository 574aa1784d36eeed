// Monitored WhatsApp groups (moltflow-api.md §6.2): the lead sources. Leads name their group by its MoltFlow
// id (`source_group_id`), so `/leads group <name>` needs this list to turn a name into that id.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { decodeList } from './lists.js';

export interface MonitoredGroup {
  id: string;
  name: string;
  isActive: boolean | null;
}

// Only `name` and a few counters are known from the reference script; a nameless group shows its id.
const GroupWireSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    wa_group_name: z.string().nullish(),
    is_active: z.boolean().nullish(),
  })
  .transform(
    (w): MonitoredGroup => ({
      id: w.id,
      name: w.name?.trim() || w.wa_group_name?.trim() || w.id,
      isActive: w.is_active ?? null,
    }),
  );

/** GET /groups: `{items, total}` per the reference script; a bare array or `groups` is accepted too. */
export async function listMonitoredGroups(client: MoltflowClient): Promise<MonitoredGroup[]> {
  const body = await client.request({ method: 'GET', path: '/groups', schema: z.unknown() });
  return decodeList(body, GroupWireSchema, ['groups']).items;
}

export type GroupMatch =
  | { kind: 'found'; group: MonitoredGroup }
  | { kind: 'ambiguous'; matches: MonitoredGroup[] }
  | { kind: 'none' };

/**
 * A typed name (or id) against the monitored groups: an exact id, then an exact name ignoring case, then a
 * name that contains the text, when only one does. "buyers" finds "Buyers Club" but not two Buyers groups.
 */
export function findMonitoredGroup(groups: readonly MonitoredGroup[], typed: string): GroupMatch {
  const text = typed.trim().toLowerCase();
  const byId = groups.find((g) => g.id.toLowerCase() === text);
  if (byId) return { kind: 'found', group: byId };
  const exact = groups.filter((g) => g.name.toLowerCase() === text);
  if (exact.length === 1 && exact[0]) return { kind: 'found', group: exact[0] };
  if (exact.length > 1) return { kind: 'ambiguous', matches: exact };
  const partial = groups.filter((g) => g.name.toLowerCase().includes(text));
  if (partial.length === 1 && partial[0]) return { kind: 'found', group: partial[0] };
  return partial.length > 1 ? { kind: 'ambiguous', matches: partial } : { kind: 'none' };
}

// Lead bulk operations and exports (moltflow-api.md §2.7–2.9), all Pro-gated. Shapes the docs leave open
// are chosen plausibly: bulk-status `errors` entries are `{lead_id, detail}`, bulk add-to-group answers
// `{added, skipped, errors}`. Exports honour the list filters and cap at `leadBulk(state).exportCap`.
// These routes must come before leadRoutes in ROUTES: '/leads/:id' would swallow '/leads/export/csv'.
import { canTransition, isLeadStatus, PIPELINE_STATUSES } from '../../../src/domain/pipeline.js';
import { customGroups } from './custom-groups.js';
import { matches } from './leads.js';
import { detail, invalid, json, type Route } from './router.js';
import type { MoltflowState } from './state.js';

export class LeadBulkState {
  /** MoltFlow's row cap on exports (api §2.9). */
  exportCap = 10_000;
}

export const leadBulk = (state: MoltflowState): LeadBulkState =>
  state.area('lead-bulk', () => new LeadBulkState());

const CSV_COLUMNS = [
  'id',
  'contact_name',
  'contact_phone',
  'lead_status',
  'lead_score',
  'source_group',
  'matched_keyword',
  'message_preview',
  'lead_detected_at',
] as const;

function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(lead: Record<string, unknown>): string {
  const group = lead.source_group as { name?: unknown } | null | undefined;
  const trigger = lead.trigger as { matched_keyword?: unknown; message_preview?: unknown } | undefined;
  const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    id: lead.id,
    contact_name: lead.contact_name,
    contact_phone: lead.contact_phone,
    lead_status: lead.lead_status,
    lead_score: lead.lead_score,
    source_group: group?.name,
    matched_keyword: trigger?.matched_keyword,
    message_preview: trigger?.message_preview,
    lead_detected_at: lead.lead_detected_at,
  };
  return CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
}

function leadIds(body: unknown): string[] | undefined {
  const ids = (body as { lead_ids?: unknown } | null)?.lead_ids;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
}

const STATUS_MSG = `Input should be ${PIPELINE_STATUSES.map((s) => `'${s}'`).join(', ')}`;

export const leadBulkRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/leads\/export\/(?<format>csv|json)$/,
    handle: ({ params, query, state }) => {
      const gate = state.planGate('pro', 'Lead export');
      if (gate) return json(403, gate);
      if (query.status !== undefined && !isLeadStatus(query.status))
        return invalid(['query', 'status'], STATUS_MSG);
      const rows = state
        .sortedLeads()
        .filter((lead) => matches(lead, query))
        .slice(0, leadBulk(state).exportCap);
      if (params.format === 'json') return json(200, rows);
      const csv = [CSV_COLUMNS.join(','), ...rows.map(csvRow)].join('\r\n');
      return { status: 200, body: `${csv}\r\n`, headers: { 'content-type': 'text/csv; charset=utf-8' } };
    },
  },
  {
    method: 'POST',
    path: '/leads/bulk/status',
    handle: ({ body, state }) => {
      const ids = leadIds(body);
      if (!ids) return invalid(['body', 'lead_ids'], 'Field required', 'missing');
      const to = (body as { status?: unknown }).status;
      if (!isLeadStatus(to)) return invalid(['body', 'status'], STATUS_MSG);
      const gate = state.planGate('pro', 'Bulk lead operations');
      if (gate) return json(403, gate);
      const errors: { lead_id: string; detail: string }[] = [];
      for (const id of ids) {
        const lead = state.find(id);
        const from = lead?.lead_status;
        if (!lead) errors.push({ lead_id: id, detail: 'Lead not found' });
        else if (!isLeadStatus(from) || !canTransition(from, to))
          errors.push({ lead_id: id, detail: `Invalid status transition from ${String(from)} to ${to}` });
        else lead.lead_status = to;
      }
      return json(200, { updated: ids.length - errors.length, failed: errors.length, errors });
    },
  },
  {
    method: 'POST',
    path: '/leads/bulk/add-to-group',
    handle: ({ body, state }) => {
      const ids = leadIds(body);
      if (!ids) return invalid(['body', 'lead_ids'], 'Field required', 'missing');
      const groupId = (body as { custom_group_id?: unknown }).custom_group_id;
      if (typeof groupId !== 'string')
        return invalid(['body', 'custom_group_id'], 'Field required', 'missing');
      const gate = state.planGate('pro', 'Bulk lead operations');
      if (gate) return json(403, gate);
      const area = customGroups(state);
      const group = area.find(groupId);
      if (!group) return detail(404, 'Custom group not found');
      const errors: { lead_id: string; detail: string }[] = [];
      let added = 0;
      for (const id of ids) {
        const lead = state.find(id);
        if (!lead) errors.push({ lead_id: id, detail: 'Lead not found' });
        else
          added += area.addMembers(group, [
            { phone: String(lead.contact_phone), name: (lead.contact_name as string | null) ?? null },
          ]);
      }
      return json(200, { added, skipped: ids.length - errors.length - added, errors });
    },
  },
];

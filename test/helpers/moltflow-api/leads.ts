// /leads routes (moltflow-api.md §2): list with filters and paging, detail, the status state machine,
// reciprocity. Status rules come from the app's own pipeline so the fake and the app cannot drift apart.
import { canTransition, isLeadStatus, PIPELINE_STATUSES } from '../../../src/domain/pipeline.js';
import { detail, invalid, json, type Route, type RouteAnswer } from './router.js';

const STATUS_MSG = `Input should be ${PIPELINE_STATUSES.slice(0, -1)
  .map((s) => `'${s}'`)
  .join(', ')} or '${PIPELINE_STATUSES.at(-1)}'`;

/** An integer query parameter within bounds, or FastAPI's 422. */
function intParam(
  query: Record<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | RouteAnswer {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) {
    return invalid(
      ['query', name],
      'Input should be a valid integer, unable to parse string as an integer',
      'int_parsing',
    );
  }
  const n = Number(raw);
  if (n < min)
    return invalid(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal');
  if (n > max)
    return invalid(['query', name], `Input should be less than or equal to ${max}`, 'less_than_equal');
  return n;
}

export function matches(lead: Record<string, unknown>, query: Record<string, string>): boolean {
  if (query.status && lead.lead_status !== query.status) return false;
  const group = lead.source_group as { id?: unknown } | null | undefined;
  if (query.source_group_id && group?.id !== query.source_group_id) return false;
  if (!query.search) return true;
  const needle = query.search.toLowerCase();
  const trigger = lead.trigger as { matched_keyword?: unknown } | null | undefined;
  return [lead.contact_name, lead.contact_phone, trigger?.matched_keyword].some(
    (v) => typeof v === 'string' && v.toLowerCase().includes(needle),
  );
}

const withoutCount = ({ message_count: _, ...lead }: Record<string, unknown>) => lead;
const withCount = (lead: Record<string, unknown>) => ({ ...lead, message_count: lead.message_count ?? 1 });

export const leadRoutes: Route[] = [
  {
    method: 'GET',
    path: '/leads',
    handle: ({ query, state }) => {
      const limit = intParam(query, 'limit', 50, 1, 100);
      if (typeof limit !== 'number') return limit;
      const offset = intParam(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      if (typeof offset !== 'number') return offset;
      if (query.status !== undefined && !isLeadStatus(query.status))
        return invalid(['query', 'status'], STATUS_MSG);
      const all = state.sortedLeads().filter((lead) => matches(lead, query));
      const leads = all.slice(offset, offset + limit).map(withoutCount);
      return json(200, { leads, total: all.length, limit, offset });
    },
  },
  {
    method: 'GET',
    path: '/leads/:id',
    handle: ({ params, state }) => {
      const lead = state.find(params.id ?? '');
      return lead ? json(200, withCount(lead)) : detail(404, 'Lead not found');
    },
  },
  {
    method: 'PATCH',
    path: '/leads/:id/status',
    handle: ({ params, body, state }) => {
      // FastAPI validates the body before the handler runs, so a 422 wins over a 404.
      const to = (body as { status?: unknown } | null)?.status;
      if (to === undefined) return invalid(['body', 'status'], 'Field required', 'missing');
      if (!isLeadStatus(to)) return invalid(['body', 'status'], STATUS_MSG);
      const lead = state.find(params.id ?? '');
      if (!lead) return detail(404, 'Lead not found');
      const from = lead.lead_status;
      if (!isLeadStatus(from) || !canTransition(from, to)) {
        return detail(400, `Invalid status transition from ${String(from)} to ${to}`);
      }
      lead.lead_status = to;
      return json(200, withCount(lead));
    },
  },
  {
    method: 'GET',
    path: '/leads/:id/reciprocity',
    handle: ({ params, query, state }) => {
      const id = params.id ?? '';
      if (!query.session_id) return invalid(['query', 'session_id'], 'Field required', 'missing');
      if (!state.find(id)) return detail(404, 'Lead not found');
      const r = state.reciprocity.get(id) ?? { hasMessagedFirst: false, lastInboundAt: null };
      const last = r.lastInboundAt instanceof Date ? r.lastInboundAt.toISOString() : r.lastInboundAt;
      return json(200, { lead_id: id, has_messaged_first: r.hasMessagedFirst, last_inbound_at: last });
    },
  },
];

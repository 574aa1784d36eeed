// The `/leads bulk` modal, built and read back here: filters (status, monitored group, search), a lead
// picker that loads from MoltFlow with those filters as people type (an external multi-select, so it scales
// past 100 leads), and what to do with the picked leads. It opens in a loading state: the trigger_id lives
// 3 s, and the groups come from MoltFlow. Its option texts and values stay within Slack's 75 characters.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { CustomGroup } from '../../api/custom-groups.js';
import type { MonitoredGroup } from '../../api/monitored-groups.js';
import type { Lead } from '../../domain/lead.js';
import { isLeadStatus, PIPELINE_STATUSES, statusLabel } from '../../domain/pipeline.js';
import { md, plain, truncate } from '../../slack/blocks.js';
import {
  decodeLeadOption,
  decodeLeadsBulkAction,
  encodeLeadOption,
  encodeLeadsBulkAction,
  encodeLeadsBulkMeta,
  type LeadsBulkAction,
  type LeadsBulkFilters,
  type LeadsBulkMeta,
  type PickedLead,
} from './leads-bulk-encoding.js';

export const BULK_LEADS_MODAL = {
  callbackId: 'leads_bulk',
  statusBlock: 'leads_bulk_status',
  statusAction: 'leads_bulk_status_pick',
  groupBlock: 'leads_bulk_group',
  groupAction: 'leads_bulk_group_pick',
  searchBlock: 'leads_bulk_search',
  searchAction: 'leads_bulk_search_text',
  countBlock: 'leads_bulk_count',
  leadsBlock: 'leads_bulk_leads',
  leadsAction: 'leads_bulk_leads_pick',
  actionBlock: 'leads_bulk_action',
  actionAction: 'leads_bulk_action_pick',
  /** The filter inputs dispatch an action when changed: their action_ids start with this. */
  filterActionPattern: /^leads_bulk_(status_pick|group_pick|search_text)$/,
  anyValue: 'any',
  maxLeads: 100,
} as const;

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

function buildActionOptions(custom: readonly CustomGroup[]) {
  const moves = PIPELINE_STATUSES.map((s) =>
    option(`Move to ${statusLabel(s)}`, encodeLeadsBulkAction({ kind: 'move', to: s })),
  );
  const groups = custom
    .filter((g) => g.id.length <= 68)
    .slice(0, 100)
    .map((g) =>
      option(`Add to ${truncate(g.name, 68)}`, encodeLeadsBulkAction({ kind: 'group', groupId: g.id })),
    );
  return groups.length === 0
    ? { options: moves }
    : {
        option_groups: [
          { label: plain('Pipeline', 75), options: moves },
          { label: plain('Custom groups', 75), options: groups },
        ],
      };
}

/** One picker option: "Ana Souza · +5511… · New", at most 75 characters; null if the id cannot fit. */
export function buildLeadOption(lead: Lead): PlainTextOption | null {
  const value = encodeLeadOption(lead);
  if (value === null) return null;
  const status = ` · ${statusLabel(lead.status)}`;
  const name = lead.name?.replace(/\s+/g, ' ').trim() || 'Unknown';
  const phone = lead.phone ? ` · ${lead.phone}` : '';
  return option(`${truncate(name, 75 - status.length - phone.length)}${phone}${status}`, value);
}

function shell(meta: LeadsBulkMeta, blocks: KnownBlock[], submit: boolean): ModalView {
  return {
    type: 'modal',
    callback_id: BULK_LEADS_MODAL.callbackId,
    title: plain('Bulk update leads', 24),
    close: plain('Cancel', 24),
    ...(submit ? { submit: plain('Apply', 24) } : {}),
    private_metadata: encodeLeadsBulkMeta(meta),
    blocks,
  };
}

export function buildLeadsBulkLoading(meta: LeadsBulkMeta): ModalView {
  return shell(meta, [{ type: 'section', text: md(':hourglass_flowing_sand: Loading your groups…') }], false);
}

export interface LeadsBulkModalData {
  monitored: readonly MonitoredGroup[];
  custom: readonly CustomGroup[];
  /** How many leads match the filters, when known. */
  matching: number | null;
  notice?: string | null;
}

function filterBlocks(filters: LeadsBulkFilters, monitored: readonly MonitoredGroup[]): KnownBlock[] {
  const any = option('Any status', BULK_LEADS_MODAL.anyValue);
  const statuses = [any, ...PIPELINE_STATUSES.map((s) => option(statusLabel(s), s))];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: BULK_LEADS_MODAL.statusBlock,
      dispatch_action: true,
      optional: true,
      label: plain('Status'),
      element: {
        type: 'static_select',
        action_id: BULK_LEADS_MODAL.statusAction,
        options: statuses,
        initial_option:
          statuses.find((o) => o.value === (filters.status ?? BULK_LEADS_MODAL.anyValue)) ?? any,
      },
    },
  ];
  if (monitored.length > 0) {
    const anyGroup = option('Any group', BULK_LEADS_MODAL.anyValue);
    const groups = [anyGroup, ...monitored.slice(0, 99).map((g) => option(g.name, g.id))];
    blocks.push({
      type: 'input',
      block_id: BULK_LEADS_MODAL.groupBlock,
      dispatch_action: true,
      optional: true,
      label: plain('Source group'),
      element: {
        type: 'static_select',
        action_id: BULK_LEADS_MODAL.groupAction,
        options: groups,
        initial_option: groups.find((o) => o.value === filters.groupId) ?? anyGroup,
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BULK_LEADS_MODAL.searchBlock,
    dispatch_action: true,
    optional: true,
    label: plain('Search'),
    hint: plain('Name, phone or keyword; press Enter to apply.'),
    element: {
      type: 'plain_text_input',
      action_id: BULK_LEADS_MODAL.searchAction,
      max_length: 200,
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      ...(filters.search ? { initial_value: filters.search } : {}),
    },
  });
  return blocks;
}

export function buildLeadsBulkCountText(matching: number | null): string {
  if (matching === null) return 'Pick the leads below; type a name or phone to narrow the list.';
  if (matching === 0) return 'No leads match these filters.';
  const n = matching === 1 ? '1 lead matches' : `${matching.toLocaleString('en-US')} leads match`;
  return `${n} these filters. Pick up to ${BULK_LEADS_MODAL.maxLeads} below; type to narrow the list.`;
}

export function buildLeadsBulkModal(meta: LeadsBulkMeta, data: LeadsBulkModalData): ModalView {
  const blocks: KnownBlock[] = [];
  if (data.notice) blocks.push({ type: 'context', elements: [md(data.notice)] });
  blocks.push(...filterBlocks(meta.filters, data.monitored));
  blocks.push({
    type: 'context',
    block_id: BULK_LEADS_MODAL.countBlock,
    elements: [md(buildLeadsBulkCountText(data.matching))],
  });
  blocks.push({
    type: 'input',
    block_id: BULK_LEADS_MODAL.leadsBlock,
    label: plain('Leads'),
    element: {
      type: 'multi_external_select',
      action_id: BULK_LEADS_MODAL.leadsAction,
      min_query_length: 0,
      max_selected_items: BULK_LEADS_MODAL.maxLeads,
      placeholder: plain('Type a name or phone'),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BULK_LEADS_MODAL.actionBlock,
    label: plain('Then'),
    element: {
      type: 'static_select',
      action_id: BULK_LEADS_MODAL.actionAction,
      placeholder: plain('Choose what to do'),
      ...buildActionOptions(data.custom),
    },
  });
  return shell(meta, blocks, true);
}

type Option = { value?: unknown; text?: { text?: unknown } } | null | undefined;
type Values = Record<
  string,
  Record<string, { selected_option?: Option; selected_options?: Option[]; value?: unknown }>
>;

const ValuesSchema = z.record(z.string(), z.record(z.string(), z.looseObject({})));

function valuesOf(state: unknown): Values {
  const parsed = ValuesSchema.safeParse((state as { values?: unknown } | null)?.values);
  return (parsed.success ? parsed.data : {}) as Values;
}

/** The filters as the modal's inputs hold them now; null when the modal has no filter inputs yet. */
export function readLeadsBulkFilters(state: unknown): LeadsBulkFilters | null {
  const v = valuesOf(state);
  const status = v[BULK_LEADS_MODAL.statusBlock]?.[BULK_LEADS_MODAL.statusAction];
  if (status === undefined) return null;
  const statusValue = status.selected_option?.value;
  const group = v[BULK_LEADS_MODAL.groupBlock]?.[BULK_LEADS_MODAL.groupAction]?.selected_option?.value;
  const search = v[BULK_LEADS_MODAL.searchBlock]?.[BULK_LEADS_MODAL.searchAction]?.value;
  return {
    status: isLeadStatus(statusValue) ? statusValue : null,
    groupId: typeof group === 'string' && group !== BULK_LEADS_MODAL.anyValue ? group : null,
    search: typeof search === 'string' && search.trim() !== '' ? search.trim().slice(0, 200) : null,
  };
}

export interface LeadsBulkSubmission {
  leads: PickedLead[];
  action: LeadsBulkAction | null;
}

export function readLeadsBulkSubmission(state: unknown): LeadsBulkSubmission {
  const v = valuesOf(state);
  const picked = v[BULK_LEADS_MODAL.leadsBlock]?.[BULK_LEADS_MODAL.leadsAction]?.selected_options ?? [];
  const leads = picked
    .map((o) =>
      typeof o?.value === 'string'
        ? decodeLeadOption(o.value, typeof o.text?.text === 'string' ? o.text.text : null)
        : null,
    )
    .filter((l): l is PickedLead => l !== null);
  const action = decodeLeadsBulkAction(
    v[BULK_LEADS_MODAL.actionBlock]?.[BULK_LEADS_MODAL.actionAction]?.selected_option?.value,
  );
  return { leads, action };
}

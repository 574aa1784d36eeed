// The `/leads bulk` modal: filters (status, monitored group, search), a lead picker that loads from
// MoltFlow with those filters as people type (an external multi-select, so it scales past 100 leads),
// and what to do with the picked leads. It opens in a loading state: the trigger_id lives 3 s, and the
// groups come from MoltFlow.
import type { KnownBlock, ModalView } from '@slack/types';
import type { CustomGroup } from '../../api/custom-groups.js';
import type { MonitoredGroup } from '../../api/monitored-groups.js';
import { PIPELINE_STATUSES, statusLabel } from '../../domain/pipeline.js';
import { md, plain } from '../../slack/blocks.js';
import { actionOptions, option } from './leads-bulk-modal-options.js';
import { BULK_MODAL, type BulkFilters, type BulkMeta, encodeBulkMeta } from './leads-bulk-modal-state.js';

function shell(meta: BulkMeta, blocks: KnownBlock[], submit: boolean): ModalView {
  return {
    type: 'modal',
    callback_id: BULK_MODAL.callbackId,
    title: plain('Bulk update leads', 24),
    close: plain('Cancel', 24),
    ...(submit ? { submit: plain('Apply', 24) } : {}),
    private_metadata: encodeBulkMeta(meta),
    blocks,
  };
}

export function buildBulkLoading(meta: BulkMeta): ModalView {
  return shell(meta, [{ type: 'section', text: md(':hourglass_flowing_sand: Loading your groups…') }], false);
}

export interface BulkModalData {
  monitored: readonly MonitoredGroup[];
  custom: readonly CustomGroup[];
  /** How many leads match the filters, when known. */
  matching: number | null;
  notice?: string | null;
}

function filterBlocks(filters: BulkFilters, monitored: readonly MonitoredGroup[]): KnownBlock[] {
  const any = option('Any status', BULK_MODAL.anyValue);
  const statuses = [any, ...PIPELINE_STATUSES.map((s) => option(statusLabel(s), s))];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: BULK_MODAL.statusBlock,
      dispatch_action: true,
      optional: true,
      label: plain('Status'),
      element: {
        type: 'static_select',
        action_id: BULK_MODAL.statusAction,
        options: statuses,
        initial_option: statuses.find((o) => o.value === (filters.status ?? BULK_MODAL.anyValue)) ?? any,
      },
    },
  ];
  if (monitored.length > 0) {
    const anyGroup = option('Any group', BULK_MODAL.anyValue);
    const groups = [anyGroup, ...monitored.slice(0, 99).map((g) => option(g.name, g.id))];
    blocks.push({
      type: 'input',
      block_id: BULK_MODAL.groupBlock,
      dispatch_action: true,
      optional: true,
      label: plain('Source group'),
      element: {
        type: 'static_select',
        action_id: BULK_MODAL.groupAction,
        options: groups,
        initial_option: groups.find((o) => o.value === filters.groupId) ?? anyGroup,
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BULK_MODAL.searchBlock,
    dispatch_action: true,
    optional: true,
    label: plain('Search'),
    hint: plain('Name, phone or keyword; press Enter to apply.'),
    element: {
      type: 'plain_text_input',
      action_id: BULK_MODAL.searchAction,
      max_length: 200,
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
      ...(filters.search ? { initial_value: filters.search } : {}),
    },
  });
  return blocks;
}

export function bulkCountText(matching: number | null): string {
  if (matching === null) return 'Pick the leads below; type a name or phone to narrow the list.';
  if (matching === 0) return 'No leads match these filters.';
  const n = matching === 1 ? '1 lead matches' : `${matching.toLocaleString('en-US')} leads match`;
  return `${n} these filters. Pick up to ${BULK_MODAL.maxLeads} below; type to narrow the list.`;
}

export function buildBulkModal(meta: BulkMeta, data: BulkModalData): ModalView {
  const blocks: KnownBlock[] = [];
  if (data.notice) blocks.push({ type: 'context', elements: [md(data.notice)] });
  blocks.push(...filterBlocks(meta.filters, data.monitored));
  blocks.push({
    type: 'context',
    block_id: BULK_MODAL.countBlock,
    elements: [md(bulkCountText(data.matching))],
  });
  blocks.push({
    type: 'input',
    block_id: BULK_MODAL.leadsBlock,
    label: plain('Leads'),
    element: {
      type: 'multi_external_select',
      action_id: BULK_MODAL.leadsAction,
      min_query_length: 0,
      max_selected_items: BULK_MODAL.maxLeads,
      placeholder: plain('Type a name or phone'),
    },
  });
  blocks.push({
    type: 'input',
    block_id: BULK_MODAL.actionBlock,
    label: plain('Then'),
    element: {
      type: 'static_select',
      action_id: BULK_MODAL.actionAction,
      placeholder: plain('Choose what to do'),
      ...actionOptions(data.custom),
    },
  });
  return shell(meta, blocks, true);
}

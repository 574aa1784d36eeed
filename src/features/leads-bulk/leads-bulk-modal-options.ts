// The options of the bulk modal: what to do with the picked leads (a move, or a custom group) and the
// picker's lead options, each within Slack's 75-character text and value limits.
import type { PlainTextOption } from '@slack/types';
import type { CustomGroup } from '../../api/custom-groups.js';
import type { Lead } from '../../domain/lead.js';
import { PIPELINE_STATUSES, statusLabel } from '../../domain/pipeline.js';
import { plain, truncate } from '../../slack/blocks.js';
import { encodeBulkAction, encodeLeadOption } from './leads-bulk-modal-state.js';

export const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

export function actionOptions(custom: readonly CustomGroup[]) {
  const moves = PIPELINE_STATUSES.map((s) =>
    option(`Move to ${statusLabel(s)}`, encodeBulkAction({ kind: 'move', to: s })),
  );
  const groups = custom
    .filter((g) => g.id.length <= 68)
    .slice(0, 100)
    .map((g) => option(`Add to ${truncate(g.name, 68)}`, encodeBulkAction({ kind: 'group', groupId: g.id })));
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

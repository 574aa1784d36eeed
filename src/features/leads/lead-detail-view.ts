// `/leads show`: one lead in full, privately, with the same buttons as its card. It is redrawn in place
// (through the click's response_url) after a move made from its own buttons.
import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Lead } from '../../domain/lead.js';
import { statusLabel } from '../../domain/pipeline.js';
import { dateToken, escapeAndHighlight, md, plain, quote } from '../../slack/blocks.js';
import { buildLeadActions, contactName, oneLine } from '../lead-feed/index.js';

export interface LeadDetailContext {
  /** Already-escaped mrkdwn shown at the top, e.g. the outcome of the last click. */
  notice?: string | null;
  /** The lead no longer exists in MoltFlow: no buttons. */
  gone?: boolean;
  revision?: string | number;
}

const FIELD_MAX = 300;

function field(label: string, value: string): ReturnType<typeof md> {
  return md(`*${label}*\n${value || '—'}`);
}

export function buildLeadDetail(
  lead: Lead,
  ctx: LeadDetailContext = {},
): { text: string; blocks: KnownBlock[] } {
  const revision = ctx.revision ?? `${lead.status}-detail`;
  const count = lead.messageCount;
  const fields: SectionBlock = {
    type: 'section',
    fields: [
      field('Phone', oneLine(lead.phone, FIELD_MAX)),
      field('Status', statusLabel(lead.status)),
      field('Source group', oneLine(lead.sourceGroup?.name ?? '', FIELD_MAX)),
      field('Trigger', triggerText(lead)),
      field('Detected', dateToken(lead.detectedAt)),
      field('Messages', count === null ? 'unknown' : `${count} message${count === 1 ? '' : 's'}`),
    ],
  };
  if (lead.score !== null && lead.score > 0) fields.fields?.push(field('Score', String(lead.score)));
  const blocks: KnownBlock[] = [];
  if (ctx.notice) blocks.push({ type: 'context', elements: [md(ctx.notice)] } satisfies ContextBlock);
  blocks.push({ type: 'header', text: plain(contactName(lead), 150) }, fields);
  if (lead.preview?.trim()) {
    const preview = lead.preview.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n');
    blocks.push({ type: 'section', text: md(quote(escapeAndHighlight(preview, lead.keyword, 1500))) });
  }
  const gone = ctx.gone ? ' · :wastebasket: no longer in MoltFlow' : '';
  blocks.push({
    type: 'context',
    elements: [md(`Lead id \`${oneLine(lead.id, 128)}\`${gone}`)],
  });
  if (!ctx.gone) blocks.push(buildLeadActions(lead, revision));
  const who = oneLine(contactName(lead), 150);
  return { text: `Lead ${who} (${statusLabel(lead.status)})`, blocks };
}

function triggerText(lead: Lead): string {
  const keyword = lead.keyword?.trim() ? `“${oneLine(lead.keyword, 100)}”` : 'no keyword';
  const mode = lead.monitorMode?.trim() ? ` (${oneLine(lead.monitorMode, 40)})` : '';
  return `${keyword}${mode}`;
}

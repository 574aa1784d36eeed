// The lead card the poller posts and the status buttons redraw, its buttons' ids, and the line its thread
// gets for each move. Everything on it that came from WhatsApp (name, phone, group, keyword, message) is
// untrusted: a lead named `<!channel>` must ping no one.
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { z } from 'zod';
import { isSlackUserId, ResourceId } from '../../domain/ids.js';
import type { Lead } from '../../domain/lead.js';
import {
  allowedTransitions,
  isLeadStatus,
  type LeadStatus,
  statusLabel,
  transitionLabel,
} from '../../domain/pipeline.js';
import {
  dateToken,
  escapeAndHighlight,
  escapeMrkdwn,
  md,
  plain,
  quote,
  truncate,
  uniqueBlockId,
} from '../../slack/blocks.js';

export const CARD_VIEW = {
  metadataEventType: 'moltflow_lead_card',
  statusActionPrefix: 'lead_status_',
  statusActionPattern: /^lead_status_(new|contacted|qualified|converted|lost)$/,
  actionsBlockPrefix: 'lead_actions',
  /** Private answer: has the contact written to us first (WhatsApp's anti-spam rule)? */
  reciprocityActionId: 'lead_reciprocity',
  /** Handled by the add-to-group feature (its modal); the value is the lead id. */
  addToGroupActionId: 'lead_add_to_group',
} as const;

export interface LeadCardContext {
  /** Slack user id of whoever pressed the button. */
  changedBy?: string | null;
  changedAt?: Date | null;
  /** The status changed in MoltFlow itself, not from Slack. */
  changedOutside?: boolean;
  /** The lead was deleted in MoltFlow. */
  gone?: boolean;
  revision?: string | number;
}

export interface LeadCardMessage {
  text: string;
  blocks: KnownBlock[];
  metadata: { event_type: 'moltflow_lead_card'; event_payload: { lead_id: string; status: string } };
}

export interface LeadStatusAction {
  leadId: string;
  to: LeadStatus;
}

const FIELD_MAX = 300;
const PREVIEW_MAX = 1500;

export function contactName(lead: Lead): string {
  return lead.name?.trim() || lead.phone.trim() || 'Unknown contact';
}

/** One line of untrusted text: newlines would break the fallback line and the field layout. */
export function oneLine(raw: string, max: number): string {
  return truncate(escapeMrkdwn(raw.replace(/\s+/g, ' ').trim()), max);
}

function previewText(lead: Lead): string {
  if (!lead.preview?.trim()) return '_No message preview_';
  // Runs of blank lines cost a '>' each in the quote without telling the reader anything.
  const collapsed = lead.preview.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n');
  return quote(escapeAndHighlight(collapsed, lead.keyword, PREVIEW_MAX));
}

function contextText(lead: Lead, ctx: LeadCardContext): string {
  const status = `Status: *${statusLabel(lead.status)}*`;
  if (ctx.gone)
    return `:wastebasket: This lead no longer exists in MoltFlow (last status: *${statusLabel(lead.status)}*).`;
  const when = ctx.changedAt ? ` ${dateToken(ctx.changedAt)}` : '';
  if (ctx.changedBy && isSlackUserId(ctx.changedBy)) return `${status} · set by <@${ctx.changedBy}>${when}`;
  if (ctx.changedOutside) return `${status} · changed in MoltFlow${when}`;
  return status;
}

function statusButton(lead: Lead, to: LeadStatus): Button {
  const button: Button = {
    type: 'button',
    action_id: `${CARD_VIEW.statusActionPrefix}${to}`,
    text: plain(transitionLabel(lead.status, to), 75),
    value: lead.id,
  };
  if (to === 'lost') button.style = 'danger';
  if (to === 'converted') button.style = 'primary';
  return button;
}

/**
 * The actions row of a card and of a `/leads show` detail: the pipeline moves MoltFlow allows, then
 * Reciprocity and Add to group. At most 4 + 2 buttons, well under Slack's 25.
 */
export function buildLeadActions(lead: Lead, revision: string | number): ActionsBlock {
  const tools: Button[] = [
    {
      type: 'button',
      action_id: CARD_VIEW.reciprocityActionId,
      text: plain('Reciprocity', 75),
      value: lead.id,
    },
    {
      type: 'button',
      action_id: CARD_VIEW.addToGroupActionId,
      text: plain('Add to group', 75),
      value: lead.id,
    },
  ];
  return {
    type: 'actions',
    block_id: uniqueBlockId(CARD_VIEW.actionsBlockPrefix, revision),
    elements: [...allowedTransitions(lead.status).map((to) => statusButton(lead, to)), ...tools],
  };
}

function fallbackText(lead: Lead): string {
  const who = lead.name?.trim()
    ? `${oneLine(lead.name, 150)} (${oneLine(lead.phone, 50)})`
    : oneLine(contactName(lead), 150);
  const group = lead.sourceGroup?.name?.trim() ? ` in ${oneLine(lead.sourceGroup.name, 150)}` : '';
  const keyword = lead.keyword?.trim() ? ` — "${oneLine(lead.keyword, 100)}"` : '';
  const prefix = lead.status === 'new' ? 'New lead' : `Lead (${statusLabel(lead.status)})`;
  return `${prefix}: ${who}${group}${keyword}`;
}

export function buildLeadCard(lead: Lead, ctx: LeadCardContext = {}): LeadCardMessage {
  const revision =
    ctx.revision ?? `${lead.status}-${ctx.changedAt?.getTime() ?? 0}${ctx.gone ? '-gone' : ''}`;
  const fields: SectionBlock = {
    type: 'section',
    fields: [
      md(`*Phone*\n${oneLine(lead.phone, FIELD_MAX) || '—'}`),
      md(`*Source group*\n${oneLine(lead.sourceGroup?.name ?? '', FIELD_MAX) || '—'}`),
      md(`*Keyword*\n${oneLine(lead.keyword ?? '', FIELD_MAX) || '—'}`),
      md(`*Detected*\n${dateToken(lead.detectedAt)}`),
    ],
  };
  const context: ContextBlock = { type: 'context', elements: [md(contextText(lead, ctx))] };
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(contactName(lead), 150) },
    fields,
    { type: 'section', text: md(previewText(lead)) },
    context,
  ];
  // A deleted lead offers nothing; every other card keeps Reciprocity and Add to group, even at the end
  // of the pipeline (a converted customer can still join a broadcast group).
  if (!ctx.gone) blocks.push(buildLeadActions(lead, revision));
  return {
    text: fallbackText(lead),
    blocks,
    metadata: {
      event_type: CARD_VIEW.metadataEventType,
      event_payload: { lead_id: lead.id, status: lead.status },
    },
  };
}

/**
 * The line a card's thread gets for each status change, so the thread tells the lead's whole story:
 * "New → Contacted by @ana" for a change made in Slack, "New → Contacted in MoltFlow" for one made elsewhere.
 */
export function buildStatusThreadLine(
  from: LeadStatus | null,
  to: LeadStatus,
  by: { userId: string } | 'moltflow',
): string {
  const move = from === null ? `Moved to ${statusLabel(to)}` : `${statusLabel(from)} → ${statusLabel(to)}`;
  if (by === 'moltflow') return `${move} in MoltFlow`;
  // Only a real user id becomes a mention; anything else would be markup from outside.
  return isSlackUserId(by.userId) ? `${move} by <@${by.userId}>` : move;
}

const statusActionSchema = z.object({
  action_id: z.string().regex(CARD_VIEW.statusActionPattern),
  // Lead ids are UUIDs; accept any short id-like token, nothing that could smuggle markup.
  value: ResourceId,
});

/** Reads a status button click; null for anything this app did not build. */
export function parseLeadStatusAction(action: {
  action_id?: unknown;
  value?: unknown;
}): LeadStatusAction | null {
  const parsed = statusActionSchema.safeParse(action);
  if (!parsed.success) return null;
  const to = CARD_VIEW.statusActionPattern.exec(parsed.data.action_id)?.[1];
  return isLeadStatus(to) ? { leadId: parsed.data.value, to } : null;
}

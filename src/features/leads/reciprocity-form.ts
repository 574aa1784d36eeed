// Which WhatsApp number to ask about, when several are connected and no DEFAULT_SESSION_ID is set.
import type { ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { WhatsappSession } from '../../api/sessions.js';
import { ResourceId } from '../../domain/ids.js';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

export const RECIPROCITY_MODAL = {
  callbackId: 'lead_reciprocity_pick',
  sessionBlockId: 'reciprocity_session',
  sessionActionId: 'session_id',
} as const;

/** Carried in private_metadata from the click to the submission. */
export interface ReciprocityMeta {
  leadId: string;
  /** Where the answer goes (ephemeral there, else a DM). */
  channel: string | null;
  /** The contact's name, when the app knows it. */
  who: string | null;
}

const MetaSchema = z.object({
  leadId: ResourceId,
  channel: z.string().max(32).nullable(),
  who: z.string().max(300).nullable(),
});

function option(session: WhatsappSession): PlainTextOption {
  const phone = session.phoneNumber ? ` (${session.phoneNumber})` : '';
  return { text: plain(`${session.name}${phone}`, 75), value: session.id.slice(0, 75) };
}

export function buildReciprocityModal(
  meta: ReciprocityMeta,
  sessions: readonly WhatsappSession[],
): ModalView {
  const who = meta.who?.trim() ? `*${truncate(escapeMrkdwn(meta.who.trim()), 200)}*` : 'this contact';
  const options = sessions.slice(0, 100).map(option);
  return {
    type: 'modal',
    callback_id: RECIPROCITY_MODAL.callbackId,
    title: plain('Reciprocity check', 24),
    submit: plain('Check', 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(MetaSchema.parse({ ...meta, who: meta.who?.slice(0, 300) ?? null })),
    blocks: [
      {
        type: 'section',
        text: md(
          `Has ${who} messaged you first? Several WhatsApp numbers are connected; pick the one to check.`,
        ),
      },
      {
        type: 'input',
        block_id: RECIPROCITY_MODAL.sessionBlockId,
        label: plain('WhatsApp number', 2000),
        element: {
          type: 'static_select',
          action_id: RECIPROCITY_MODAL.sessionActionId,
          options,
          ...(options[0] ? { initial_option: options[0] } : {}),
        },
      },
    ],
  };
}

const SubmissionSchema = z.object({
  private_metadata: z.string(),
  state: z.object({
    values: z.record(
      z.string(),
      z.record(
        z.string(),
        z.object({
          selected_option: z
            .object({ value: z.string().min(1), text: z.object({ text: z.string() }) })
            .nullish(),
        }),
      ),
    ),
  }),
});

export type ReciprocitySubmission =
  | { ok: true; meta: ReciprocityMeta; session: { id: string; name: string } }
  | { ok: false; errors: Record<string, string> }
  | null;

/** null when the view is not ours (or was altered); errors when no number was picked. */
export function parseReciprocitySubmission(view: unknown): ReciprocitySubmission {
  const parsed = SubmissionSchema.safeParse(view);
  if (!parsed.success) return null;
  let meta: ReciprocityMeta;
  try {
    meta = MetaSchema.parse(JSON.parse(parsed.data.private_metadata));
  } catch {
    return null;
  }
  const picked =
    parsed.data.state.values[RECIPROCITY_MODAL.sessionBlockId]?.[RECIPROCITY_MODAL.sessionActionId]
      ?.selected_option;
  if (!picked)
    return { ok: false, errors: { [RECIPROCITY_MODAL.sessionBlockId]: 'Pick a WhatsApp number.' } };
  const name = picked.text.text.replace(/ \([^)]*\)$/, '');
  return { ok: true, meta, session: { id: picked.value, name } };
}

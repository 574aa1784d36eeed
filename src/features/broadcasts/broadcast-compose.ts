import type {
  AllMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { parseBulkComposeSubmission } from './broadcast-check.js';
import { buildBulkConfirmModal } from './broadcast-confirm-view.js';
import { dropDraft, loadDraft, saveDraft } from './broadcast-draft.js';
import { buildBulkNoticeModal } from './broadcast-modal.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;

export const EXPIRED_TEXT = 'This form has expired. Run `/bulksend` again to start a broadcast.';

/**
 * The compose form's "Review": every problem goes back on its field; a valid form becomes the confirmation
 * step (no MoltFlow call here: what the form offered, member counts included, is in the stored draft).
 */
export async function handleBulkComposeSubmission(ctx: AppContext, { ack, view }: SubmitArgs): Promise<void> {
  const draft = loadDraft(ctx.store, view.id);
  if (!draft) {
    await ack({ response_action: 'update', view: buildBulkNoticeModal(EXPIRED_TEXT) });
    return;
  }
  const parsed = parseBulkComposeSubmission(view.state.values, draft);
  if (!parsed.ok) {
    await ack({ response_action: 'errors', errors: parsed.errors });
    return;
  }
  const { choice } = parsed;
  saveDraft(ctx.store, view.id, { ...draft, choice });
  const group = draft.groups.find((g) => g.id === choice.groupId);
  const session = draft.sessions.find((s) => s.id === choice.sessionId);
  await ack({
    response_action: 'update',
    view: buildBulkConfirmModal({
      recipients: group?.memberCount ?? null,
      groupName: group?.name ?? 'the group',
      sessionName: session?.name ?? 'the session',
      content: choice.content,
      channel: draft.channel,
    }),
  });
}

/** Closing the form or the confirmation drops what was stored for it. */
export async function handleBulkModalClosed(ctx: AppContext, { ack, view }: ClosedArgs): Promise<void> {
  await ack();
  dropDraft(ctx.store, view.id);
}

// The shape every group form submission shares once its fields are valid: ack at once with a "working"
// view, call MoltFlow, then replace the modal with the result (or the form again, with MoltFlow's reason
// on top). A double-clicked Submit sends the same view hash twice; only the first does the work.

import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { AppContext } from '../../context.js';

export interface ModalOutcome {
  view: ModalView;
  /** The same news as mrkdwn, posted to the channel the form came from if the modal was closed meanwhile. */
  text: string;
}

export interface ModalWork {
  /** e.g. `groups-create`; the view id and hash are appended. */
  kind: string;
  working: ModalView;
  run: () => Promise<ModalOutcome>;
  /** Called when run() throws something unexpected: the form again, with a general error. */
  onCrash: (err: unknown) => ModalOutcome;
}

type Ack = (response: { response_action: 'update'; view: ModalView }) => Promise<void>;
interface Submission {
  view: { id: string; hash: string };
  user: { id: string };
}

export async function runModalWork(
  ctx: AppContext,
  args: { ack: Ack; body: Submission; client: webApi.WebClient },
  channelId: string | undefined,
  work: ModalWork,
): Promise<void> {
  const { ack, body, client } = args;
  const key = `${work.kind}:${body.view.id}:${body.view.hash}`;
  if (!ctx.store.idempotency.claim(key, ctx.now())) {
    // The duplicate of a submission already running (or done): show what the first one shows.
    const done = ctx.store.idempotency.result<ModalView>(key);
    await ack({ response_action: 'update', view: done ?? work.working });
    return;
  }
  await ack({ response_action: 'update', view: work.working });
  let outcome: ModalOutcome;
  try {
    outcome = await work.run();
  } catch (err) {
    ctx.logger.warn('group form failed', { kind: work.kind, error: err });
    outcome = work.onCrash(err);
  }
  ctx.store.idempotency.saveResult(key, outcome.view);
  try {
    await client.views.update({ view_id: body.view.id, view: outcome.view });
  } catch (error) {
    ctx.logger.info('could not update the group modal; telling the person in the channel', { error });
    if (!channelId) return;
    await client.chat
      .postEphemeral({ channel: channelId, user: body.user.id, text: outcome.text })
      .catch((err) => ctx.logger.warn('could not post the group result', { error: err }));
  }
}

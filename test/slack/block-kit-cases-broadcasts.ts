// Hostile-size cases for the builders of /bulksend: the modal's steps, the live progress message, its thread
// replies and the list and status answers.
import { MoltflowHttpError } from '../../src/api/errors.js';
import * as bForm from '../../src/features/broadcasts/broadcast-form.js';
import * as bMsg from '../../src/features/broadcasts/broadcast-messages.js';
import { describeBroadcastError } from '../../src/features/broadcasts/broadcast-operations.js';
import type { BroadcastState } from '../../src/features/broadcasts/broadcast-state.js';
import {
  AMP_NAME,
  AT,
  type Cases,
  DETAIL,
  HUGE,
  HUGE_MRKDWN,
  hostile,
  LINES,
  LONG_NAME,
  many,
  message,
  modal,
  text,
  uuid,
} from './block-kit-hostile.js';

const messageText = text('message text');
const state = (status: string): BroadcastState => ({
  jobId: uuid(1),
  groupName: LONG_NAME,
  sessionName: LONG_NAME,
  total: 1_000_000,
  sent: 999_999,
  failed: 1,
  status,
  startedBy: 'U0ANA',
  startedAt: AT.toISOString(),
  announced: null,
  summaryPosted: false,
  note: 'Posted here because <#C0ELSE> did not take it.',
});
const row = (i: number) => ({
  id: uuid(i),
  status: hostile(1000),
  sent: 1_000_000,
  failed: 1_000_000,
  total: 1_000_000,
  groupName: LONG_NAME,
  sessionName: LONG_NAME,
  startedBy: 'U0ANA',
  channel: 'C0LEADS',
  createdAt: AT,
});
const names = { groupName: AMP_NAME, sessionName: AMP_NAME };
const refusal = (status: number, detail: string) =>
  describeBroadcastError(
    new MoltflowHttpError({ method: 'POST', path: '/bulk-send', status, detail }),
    names,
  );
const confirm = (content: bForm.BroadcastContent) => ({
  recipients: 1_000_000,
  groupName: LONG_NAME,
  sessionName: LONG_NAME,
  content,
  channel: 'C0LEADS',
});

export const BROADCAST_CASES: Cases = {
  'features/broadcasts/broadcast-messages.ts#buildProgressBar': [
    text('field')('a million done', () => `*Progress*\n\`${bMsg.buildProgressBar(1_000_000, 1_000_000)}\``),
    text('field')('more done than total', () => bMsg.buildProgressBar(5, 0, 1000)),
  ],
  'features/broadcasts/broadcast-messages.ts#buildProgressMessage': ['running', 'paused', hostile(1000)].map(
    (s) => message(`status ${s.slice(0, 10)}`, () => bMsg.buildProgressMessage(state(s), { revision: HUGE })),
  ),
  'features/broadcasts/broadcast-messages.ts#buildStatusReply': (
    ['started', 'paused', 'resumed', 'cancelled', 'completed', 'failed'] as const
  ).map((change) => messageText(change, () => bMsg.buildStatusReply(change, state('running'), 'U0ANA'))),
  'features/broadcasts/broadcast-messages.ts#buildSummaryReply': [
    messageText('a million', () => bMsg.buildSummaryReply(state('completed'), new Date(AT.getTime() + 1e9))),
  ],
  'features/broadcasts/broadcast-messages.ts#buildBroadcastList': [
    message('150 broadcasts', () => bMsg.buildBroadcastList(many(150, row), HUGE_MRKDWN)),
  ],
  'features/broadcasts/broadcast-messages.ts#buildBroadcastStatus': [
    message('1,000-character names', () => bMsg.buildBroadcastStatus(row(1))),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastLoadingModal': [
    modal('loading', () => bForm.buildBroadcastLoadingModal()),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastNoticeModal': [
    modal('5,000 characters', () => bForm.buildBroadcastNoticeModal(HUGE_MRKDWN)),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastComposeModal': [
    modal('150 sessions, 1,000 groups', () =>
      bForm.buildBroadcastComposeModal(
        many(150, (i) => ({ id: uuid(i), name: LONG_NAME })),
        many(1000, (i) => ({ id: uuid(i), name: LONG_NAME, memberCount: 1_000_000 })),
      ),
    ),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastConfirmModal': [
    modal('a 5,000-character message', () =>
      bForm.buildBroadcastConfirmModal(confirm({ kind: 'text', message: HUGE })),
    ),
    modal('1,000 short lines', () =>
      bForm.buildBroadcastConfirmModal(confirm({ kind: 'text', message: LINES })),
    ),
    modal('a 5,000-character URL', () =>
      bForm.buildBroadcastConfirmModal(confirm({ kind: 'media', mediaUrl: `https://x.example/${HUGE}` })),
    ),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastStartingModal': [
    modal('starting', () => bForm.buildBroadcastStartingModal()),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastStartedModal': [
    modal(
      '1,000-character group',
      () =>
        bForm.buildBroadcastStartedModal({
          recipients: 1_000_000,
          groupName: AMP_NAME,
          where: 'in <#C0LEADS>',
        }),
      /progress message in <#C0LEADS>\./,
    ),
  ],
  'features/broadcasts/broadcast-form.ts#buildBroadcastFailedModal': [
    modal('404 group', () => bForm.buildBroadcastFailedModal(refusal(404, DETAIL)), /run `\/bulksend` again/),
    modal(
      '400 session',
      () => bForm.buildBroadcastFailedModal(refusal(400, `session ${DETAIL}`)),
      /working session/,
    ),
    modal('422', () => bForm.buildBroadcastFailedModal(refusal(422, DETAIL)), /run `\/bulksend` again/),
    modal(
      '403 quota',
      () => bForm.buildBroadcastFailedModal(refusal(403, `quota ${DETAIL}`)),
      /upgrade the plan/,
    ),
    modal('a 5,000-character reason', () => bForm.buildBroadcastFailedModal(HUGE_MRKDWN)),
  ],
};

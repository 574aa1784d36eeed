// Hostile-size cases for the builders of /moltflow (help, status, routes) and of the Slack kernel (refusals,
// denials).
import { MoltflowHttpError } from '../../src/api/errors.js';
import type { StatusReport } from '../../src/features/admin/admin-messages.js';
import { buildHelpMessage, buildStatusMessage } from '../../src/features/admin/admin-messages.js';
import { buildAuditLine, buildAuditPage } from '../../src/features/admin/audit-views.js';
import {
  buildGroupOption,
  buildRoutesModal,
  buildRoutesSavedModal,
} from '../../src/features/admin/routes-modal.js';
import {
  buildChannelProblemText,
  buildRouteProblemText,
  buildRouteSetText,
  buildRoutesMessage,
  buildRouteToDefaultText,
} from '../../src/features/admin/routes-views.js';
import { buildSetupProblemText, buildWebhookMessage } from '../../src/features/admin/webhook-views.js';
import { buildDeniedModal } from '../../src/slack/deny.js';
import { buildDmFailedText, buildExportFileNote } from '../../src/slack/export-delivery.js';
import { buildStatusRefusalText } from '../../src/slack/refusal-text.js';
import type { AuditEntry } from '../../src/store/index.js';
import {
  AT,
  type Cases,
  DETAIL,
  HUGE,
  HUGE_MRKDWN,
  hostile,
  LINES,
  LINES_MRKDWN,
  LONG_NAME,
  many,
  message,
  modal,
  option,
  text,
  uuid,
} from './block-kit-hostile.js';

const httpError = (status: number, detail = DETAIL) =>
  new MoltflowHttpError({ method: 'POST', path: '/leads', status, detail, requiredScopes: [hostile(300)] });

const statusReport = (moltflow: StatusReport['moltflow']): StatusReport => ({
  moltflow,
  sessions: many(150, (i) => ({
    name: LONG_NAME,
    status: i % 3 ? 'working' : 'failed',
    phoneNumber: LONG_NAME,
  })),
  poller: {
    schedule: LONG_NAME,
    lastRunAt: AT,
    lastRunOk: false,
    lastError: HUGE,
    lastPostedCount: 1_000_000,
    totalPosted: 1_000_000,
    leadsChannel: LONG_NAME,
    pending: { count: 1_000_000, oldestSince: AT },
  },
  budget: { limitPerMinute: 1_000_000, usedInWindow: 1_000_000, remaining: 0, pausedUntil: AT },
  push: { state: 'on', accepted: 1_000_000_000, refused: 1_000_000_000, lastDeliveryAt: AT },
  replicas: {
    backend: 'postgres',
    self: LONG_NAME,
    live: many(500, () => LONG_NAME),
    poller: LONG_NAME,
    followers: many(500, () => ({ jobId: LONG_NAME, holder: LONG_NAME })),
  },
});

const route = (i: number) => ({
  sourceGroupId: uuid(i),
  sourceGroupName: LONG_NAME,
  channel: 'C0ROUTE',
  setBy: 'U0ADMIN',
  setAt: AT,
  failingSince: AT,
  lastError: hostile(1000),
});
const messageText = text('message text');

const webhook = (i: number) => ({
  id: i % 2 ? HUGE : uuid(i),
  name: LONG_NAME,
  url: LONG_NAME,
  events: many(500, () => LONG_NAME),
  active: i % 3 ? null : false,
});

const auditEntry = (i: number): AuditEntry => ({
  actor: i % 2 ? 'U0ANA' : HUGE,
  team: 'T0001',
  action: i % 3 ? 'group.members_added' : HUGE,
  target: i % 2 ? LONG_NAME : LINES,
  outcome: (['ok', 'denied', 'failed'] as const)[i % 3] ?? 'ok',
  ...(i % 2 ? { detail: HUGE } : {}),
  at: AT,
});

export const ADMIN_CASES: Cases = {
  // One line of the audit page: it goes into a section with others (the page checks the sum).
  'features/admin/audit-views.ts#buildAuditLine': [
    text('section')('5,000-character target and detail', () => buildAuditLine(auditEntry(1))),
    text('section')('1,000 lines as a target', () => buildAuditLine(auditEntry(0))),
  ],
  'features/admin/audit-views.ts#buildAuditPage': [
    message('20 hostile entries of 1,000 total', () =>
      buildAuditPage({ entries: many(20, auditEntry), total: 1000, offset: 980, retentionDays: 3650 }),
    ),
    message('empty', () => buildAuditPage({ entries: [], total: 0, offset: 0, retentionDays: 365 })),
  ],
  // Posted with the file in the person's DM, as its comment.
  'slack/export-delivery.ts#buildExportFileNote': [
    messageText('a million neutralised cells', () =>
      buildExportFileNote({ content: HUGE, rows: 10_000, neutralised: 1_000_000 } as never),
    ),
  ],
  'slack/export-delivery.ts#buildDmFailedText': [
    messageText('a 5,000-character Slack error code', () => buildDmFailedText(HUGE)),
  ],

  'features/admin/admin-messages.ts#buildHelpMessage': [message('help', () => buildHelpMessage())],
  'features/admin/admin-messages.ts#buildStatusMessage': [
    message('150 sessions, 5,000-character errors', () =>
      buildStatusMessage(statusReport({ state: 'error', reason: HUGE })),
    ),
    message('forbidden', () => buildStatusMessage(statusReport({ state: 'forbidden', detail: HUGE }))),
    message('down', () => buildStatusMessage(statusReport({ state: 'down', reason: LINES }))),
  ],
  'features/admin/webhook-views.ts#buildWebhookMessage': [
    message('50 registrations with 5,000-character ids and 500 events each', () =>
      buildWebhookMessage({
        url: LONG_NAME,
        mine: many(50, webhook),
        others: 1_000_000,
        problems: ['not_https', 'no_secret'],
        notice: HUGE_MRKDWN,
      }),
    ),
    message('none registered, every problem', () =>
      buildWebhookMessage({
        url: HUGE,
        mine: [],
        others: 1,
        problems: ['no_public_url', 'not_https', 'no_secret'],
      }),
    ),
    message('no PUBLIC_URL', () =>
      buildWebhookMessage({ url: null, mine: [], others: 0, problems: ['no_public_url'] }),
    ),
  ],
  'features/admin/webhook-views.ts#buildSetupProblemText': [
    messageText('every problem', () =>
      buildSetupProblemText(['no_public_url', 'not_https', 'no_secret'], 'register the webhook'),
    ),
  ],
  'features/admin/routes-views.ts#buildRoutesMessage': [
    message('150 failing routes and a long notice', () =>
      buildRoutesMessage(many(150, route), 'C0LEADS', HUGE_MRKDWN),
    ),
  ],
  'features/admin/routes-views.ts#buildRouteProblemText': [
    messageText('a 5,000-character channel', () => buildRouteProblemText('channel_name', HUGE)),
  ],
  'features/admin/routes-views.ts#buildChannelProblemText': [
    messageText('each problem', () =>
      (['not_found', 'archived', 'not_member', 'not_a_channel', 'unchecked'] as const)
        .map((p) => buildChannelProblemText('C0ROUTE', p))
        .join('\n'),
    ),
  ],
  'features/admin/routes-views.ts#buildRouteSetText': [
    messageText('a 1,000-character group', () => buildRouteSetText(LONG_NAME, 'C0ROUTE', 'C0OLD')),
  ],
  'features/admin/routes-views.ts#buildRouteToDefaultText': [
    messageText('a 1,000-character group', () => buildRouteToDefaultText(LONG_NAME, 'C0LEADS', true)),
  ],
  'features/admin/routes-modal.ts#buildRoutesModal': [
    modal('150 failing routes with 1,000-character names', () =>
      buildRoutesModal(many(150, route), 'C0LEADS'),
    ),
    modal('7 routes, one box group short', () => buildRoutesModal(many(7, route), 'C0LEADS')),
    modal('no routes', () => buildRoutesModal([], 'C0LEADS')),
    modal('no leads channel', () => buildRoutesModal(many(3, route), undefined)),
  ],
  'features/admin/routes-modal.ts#buildGroupOption': [
    option('a 1,000-character name and a 5,000-character id', () =>
      buildGroupOption({ id: HUGE, name: LONG_NAME, isActive: true }),
    ),
  ],
  'features/admin/routes-modal.ts#buildRoutesSavedModal': [
    modal('1,000 hostile lines', () => buildRoutesSavedModal(many(1000, () => HUGE_MRKDWN))),
    modal('nothing changed', () => buildRoutesSavedModal([])),
  ],
  // The refusal is shown as a notice (a context element) above the list or the detail.
  'slack/refusal-text.ts#buildStatusRefusalText': [
    text('context')('400, current known', () =>
      buildStatusRefusalText(httpError(400), { to: 'lost', current: 'new' }),
    ),
    text('context')('400, current unknown', () =>
      buildStatusRefusalText(httpError(400), { to: 'lost', current: null }),
    ),
    text('context')('403 with scopes', () =>
      buildStatusRefusalText(httpError(403), { to: 'lost', current: null }),
    ),
    text('context')('500', () => buildStatusRefusalText(httpError(500), { to: 'lost', current: null })),
  ],
  'slack/deny.ts#buildDeniedModal': [
    modal('5,000 characters', () => buildDeniedModal(HUGE_MRKDWN)),
    modal('1,000 short lines', () => buildDeniedModal(LINES_MRKDWN)),
  ],
};

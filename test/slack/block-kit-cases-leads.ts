// Hostile-size cases for the builders of the lead feed, /leads and /leads bulk. Each runs a builder with the
// longest, most escape-heavy input its types allow.
import type { BulkFailure } from '../../src/api/lead-bulk.js';
import type { MonitoredGroup } from '../../src/api/monitored-groups.js';
import {
  buildBackfillNotice,
  buildGroupMatchProblem,
  buildRouteFallbackNote,
} from '../../src/features/lead-feed/feed-messages.js';
import {
  buildLeadActions,
  buildLeadCard,
  buildStatusThreadLine,
} from '../../src/features/lead-feed/lead-card.js';
import type { AddToGroupMeta } from '../../src/features/leads/add-to-group-form.js';
import { buildAddToGroupLoading, buildAddToGroupModal } from '../../src/features/leads/add-to-group-form.js';
import type { AddToGroupOutcome } from '../../src/features/leads/add-to-group-operations.js';
import { buildLeadDetail } from '../../src/features/leads/lead-detail-view.js';
import { buildLeadList } from '../../src/features/leads/lead-list-view.js';
import * as leadsText from '../../src/features/leads/leads-messages.js';
import { buildReciprocityModal } from '../../src/features/leads/reciprocity-form.js';
import type { LeadsBulkMeta, PickedLead } from '../../src/features/leads-bulk/leads-bulk-encoding.js';
import * as bulkForm from '../../src/features/leads-bulk/leads-bulk-form.js';
import * as bulkText from '../../src/features/leads-bulk/leads-bulk-messages.js';
import {
  AT,
  type Cases,
  HUGE,
  HUGE_MRKDWN,
  hostile,
  hostileLead,
  LINES,
  LONG_NAME,
  many,
  message,
  messageBlocks,
  modal,
  NAME,
  option,
  text,
  uuid,
} from './block-kit-hostile.js';

const leads = many(1000, (i) => hostileLead(i));
const monitored: MonitoredGroup[] = many(1000, (i) => ({ id: uuid(i), name: LONG_NAME, isActive: true }));
const customGroups = many(1000, (i) => ({
  id: uuid(i),
  name: LONG_NAME,
  memberCount: 1_000_000,
  createdAt: AT,
}));
const sessions = many(150, (i) => ({ id: uuid(i), name: NAME, status: 'working', phoneNumber: hostile(40) }));
const picked: PickedLead[] = many(1000, (i) => ({
  id: uuid(i),
  status: 'new',
  phone: '+15550001111',
  label: LONG_NAME,
}));
const failures: BulkFailure[] = many(1000, (i) => ({ leadId: i % 2 ? uuid(i) : null, reason: HUGE }));
const atgMeta: AddToGroupMeta = {
  leadId: uuid(1),
  channel: 'C0LEADS',
  name: hostile(300),
  phone: hostile(64),
};
const bulkMeta: LeadsBulkMeta = {
  channel: 'C0LEADS',
  filters: { status: 'new', groupId: uuid(999), search: hostile(200) },
};
const atgOutcome = (failed: boolean): AddToGroupOutcome => ({
  group: { id: uuid(1), name: LONG_NAME },
  created: true,
  added: 1_000_000,
  already: 1_000_000,
  viaMembers: true,
  failures: failed ? failures : [],
});
const listState = {
  status: 'all' as const,
  search: hostile(200),
  groupId: uuid(5),
  groupName: LONG_NAME,
  offset: 990,
};
const ROUTE_EXAMPLE = { command: '/moltflow route', after: '#sales' };
const messageText = text('message text');

export const LEADS_CASES: Cases = {
  'features/lead-feed/feed-messages.ts#buildBackfillNotice': [
    message('a million skipped', () => buildBackfillNotice(1_000_000, 1000, 1.5)),
  ],
  // The note is a context element on the card the leads channel gets instead.
  'features/lead-feed/feed-messages.ts#buildRouteFallbackNote': [
    text('context')('a 5,000-character Slack error', () => buildRouteFallbackNote('C0ROUTE', HUGE)),
  ],
  'features/lead-feed/feed-messages.ts#buildGroupMatchProblem': [
    messageText('1,000 ambiguous matches', () =>
      buildGroupMatchProblem(HUGE, { kind: 'ambiguous', matches: monitored }, monitored, ROUTE_EXAMPLE),
    ),
    messageText('no match among 1,000 groups', () =>
      buildGroupMatchProblem(HUGE, { kind: 'none' }, monitored, ROUTE_EXAMPLE),
    ),
  ],
  'features/lead-feed/lead-card.ts#buildLeadActions': [
    messageBlocks('a new lead', () => [buildLeadActions(hostileLead(1), HUGE)]),
  ],
  'features/lead-feed/lead-card.ts#buildLeadCard': [
    message('a 5,000-character preview', () => buildLeadCard(hostileLead(1))),
    message('1,000 short lines', () =>
      buildLeadCard(hostileLead(2, { preview: LINES, keyword: '&' }), { changedBy: 'U0ANA', changedAt: AT }),
    ),
    message('gone', () => buildLeadCard(hostileLead(3, { name: null }), { gone: true })),
  ],
  'features/lead-feed/lead-card.ts#buildStatusThreadLine': [
    messageText('moves', () => buildStatusThreadLine('new', 'lost', { userId: 'U0ANA' })),
  ],
  'features/leads/add-to-group-form.ts#buildAddToGroupLoading': [
    modal('long name', () => buildAddToGroupLoading(atgMeta)),
  ],
  'features/leads/add-to-group-form.ts#buildAddToGroupModal': [
    modal('1,000 groups, never messaged', () =>
      buildAddToGroupModal(atgMeta, customGroups, { kind: 'never', session: LONG_NAME }, HUGE_MRKDWN),
    ),
    modal('messaged', () =>
      buildAddToGroupModal(atgMeta, [], { kind: 'messaged', session: LONG_NAME, lastInboundAt: AT }),
    ),
  ],
  'features/leads/lead-detail-view.ts#buildLeadDetail': [
    message('a 5,000-character preview and notice', () =>
      buildLeadDetail(hostileLead(1), { notice: HUGE_MRKDWN }),
    ),
    message('1,000 short lines', () => buildLeadDetail(hostileLead(2, { preview: LINES }), { gone: true })),
  ],
  'features/leads/lead-list-view.ts#buildLeadList': [
    message('1,000 leads on one page', () =>
      buildLeadList({ leads, total: 1_000_000, state: listState, notice: HUGE_MRKDWN }),
    ),
    message('none', () => buildLeadList({ leads: [], total: 0, state: { ...listState, offset: 0 } })),
  ],
  'features/leads/leads-messages.ts#buildLeadsHelp': [message('help', () => leadsText.buildLeadsHelp())],
  'features/leads/leads-messages.ts#buildLeadsProblem': [
    messageText('5,000-character problem and example', () => leadsText.buildLeadsProblem(HUGE, HUGE)),
  ],
  'features/leads/leads-messages.ts#buildFilterProblemText': [
    messageText('each problem', () =>
      [
        leadsText.buildFilterProblemText({ kind: 'unknown_status', value: HUGE }, '/leads export csv'),
        leadsText.buildFilterProblemText({ kind: 'unexpected', value: HUGE }, '/leads export csv'),
        leadsText.buildFilterProblemText({ kind: 'missing_value', key: 'group' }, '/leads bulk'),
      ].join('\n'),
    ),
  ],
  'features/leads/leads-messages.ts#buildExportFormatProblem': [
    messageText('5,000 characters typed', () => leadsText.buildExportFormatProblem(HUGE)),
  ],
  // The comment is posted with the file, as a message.
  'features/leads/leads-messages.ts#buildExportComment': [
    messageText('5,000-character filters', () =>
      leadsText.buildExportComment({ rows: 10_000, format: 'csv', filters: HUGE }),
    ),
  ],
  'features/leads/leads-messages.ts#buildExportDoneText': [
    messageText('long file name', () =>
      leadsText.buildExportDoneText({ rows: 1, format: 'json', filters: HUGE }, 'leads.json'),
    ),
  ],
  'features/leads/leads-messages.ts#buildExportEmptyText': [
    messageText('5,000-character filters', () => leadsText.buildExportEmptyText(HUGE)),
  ],
  'features/leads/leads-messages.ts#buildReciprocityAnswer': [
    messageText('1,000-character names', () =>
      leadsText.buildReciprocityAnswer({
        who: LONG_NAME,
        session: LONG_NAME,
        result: { hasMessagedFirst: true, lastInboundAt: AT },
      }),
    ),
  ],
  'features/leads/leads-messages.ts#buildAddToGroupResultText': [
    messageText('a 5,000-character failure', () =>
      leadsText.buildAddToGroupResultText(atgOutcome(true), LONG_NAME),
    ),
    messageText('added', () => leadsText.buildAddToGroupResultText(atgOutcome(false), LONG_NAME)),
  ],
  'features/leads/reciprocity-form.ts#buildReciprocityModal': [
    modal('150 sessions', () =>
      buildReciprocityModal({ leadId: uuid(1), channel: 'C0LEADS', who: LONG_NAME }, sessions),
    ),
  ],
  'features/leads-bulk/leads-bulk-form.ts#buildLeadOption': [
    option('a 1,000-character name', () => bulkForm.buildLeadOption(hostileLead(1))),
    option('an id too long for a value', () =>
      bulkForm.buildLeadOption(hostileLead(2, { id: 'x'.repeat(100) })),
    ),
  ],
  'features/leads-bulk/leads-bulk-form.ts#buildLeadsBulkLoading': [
    modal('filters', () => bulkForm.buildLeadsBulkLoading(bulkMeta)),
  ],
  // Shown in a context element of the modal.
  'features/leads-bulk/leads-bulk-form.ts#buildLeadsBulkCountText': [
    text('context')('a million', () => bulkForm.buildLeadsBulkCountText(1_000_000)),
  ],
  'features/leads-bulk/leads-bulk-form.ts#buildLeadsBulkModal': [
    modal('1,000 groups of each kind', () =>
      bulkForm.buildLeadsBulkModal(bulkMeta, {
        monitored,
        custom: customGroups,
        matching: 1_000_000,
        notice: HUGE_MRKDWN,
      }),
    ),
  ],
  'features/leads-bulk/leads-bulk-messages.ts#buildLeadsBulkMoveResultText': [
    messageText('1,000 failures', () =>
      bulkText.buildLeadsBulkMoveResultText({ updated: 0, failed: 1000, failures }, 'lost', picked),
    ),
  ],
  'features/leads-bulk/leads-bulk-messages.ts#buildLeadsBulkGroupResultText': [
    messageText('1,000 failures', () => bulkText.buildLeadsBulkGroupResultText(atgOutcome(true), picked)),
  ],
  'features/leads-bulk/leads-bulk-messages.ts#buildNoValidMoveText': [
    text('field error')('1,000 picked', () => bulkText.buildNoValidMoveText('new', picked)),
  ],
};

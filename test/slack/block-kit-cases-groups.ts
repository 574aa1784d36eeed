// Hostile-size cases for the builders of /groups and /schedule.
import type { ScheduleType } from '../../src/api/schedules.js';
import type { AppContext } from '../../src/context.js';
import * as gForm from '../../src/features/groups/group-forms.js';
import { buildContactsPage, buildMemberPage } from '../../src/features/groups/group-member-pages.js';
import { buildContactsReply } from '../../src/features/groups/group-operations.js';
import * as gViews from '../../src/features/groups/group-views.js';
import { emptyScheduleForm, type ScheduleFormValues } from '../../src/features/schedules/schedule-form.js';
import * as sMsg from '../../src/features/schedules/schedule-messages.js';
import * as sModal from '../../src/features/schedules/schedule-modal.js';
import { buildTypeInput, buildWhenInputs } from '../../src/features/schedules/schedule-modal-when.js';
import {
  AMP_NAME,
  AT,
  type Cases,
  DETAIL,
  element,
  HUGE,
  HUGE_MRKDWN,
  hostile,
  LINES,
  LINES_MRKDWN,
  LONG_NAME,
  many,
  message,
  messageBlocks,
  modal,
  modalBlocks,
  NAME,
  text,
  uuid,
} from './block-kit-hostile.js';

const TYPES: ScheduleType[] = ['one_time', 'daily', 'weekly', 'monthly', 'cron'];

// --- /groups ---
const group = (i: number) => ({ id: uuid(i), name: LONG_NAME, memberCount: 1_000_000, createdAt: AT });
const groups = many(1000, group);
const members = many(1000, (i) => ({ id: uuid(i), phone: hostile(1000, i), name: LONG_NAME }));
const groupMeta = { groupId: uuid(1), groupName: LONG_NAME, memberCount: 1_000_000, channelId: 'C0LEADS' };
const form = { name: LONG_NAME, members: LINES, error: HUGE_MRKDWN };
const contactsCtx = {
  moltflowInteractive: { request: async () => ({ contacts: members, total: 1000 }) },
} as unknown as AppContext;

// --- /schedule ---
const choices = {
  sessions: many(1000, (i) => ({ value: uuid(i), label: `${NAME} (${hostile(40)})` })),
  groups: many(1000, (i) => ({ value: uuid(i), label: `${LONG_NAME} (1,000,000 contacts)` })),
};
const values = (type: ScheduleType): ScheduleFormValues => ({
  ...emptyScheduleForm('America/New_York'),
  name: NAME,
  sessionId: uuid(500),
  groupId: uuid(999),
  type,
  date: '2026-03-01',
  time: '23:59',
  weekdays: [0, 1, 2, 3, 4, 5, 6],
  dayOfMonth: 31,
  cron: hostile(1000),
  message: HUGE,
  mediaUrl: `https://cdn.example/${'a'.repeat(2900)}`,
});
const scheduleMeta = {
  channel: 'C0LEADS',
  personTz: 'America/Argentina/ComodRivadavia',
  previewed: 'f'.repeat(64),
};
const runs = many(150, (i) => new Date(AT.getTime() + i * 86_400_000));
const schedule = (i: number) => ({
  id: uuid(i),
  name: LONG_NAME,
  status: ['active', 'paused', 'cancelled', hostile(1000)][i % 4] ?? 'active',
  scheduleType: i % 5 ? 'cron' : hostile(1000),
  cronExpression: hostile(1000),
  timezone: hostile(1000),
  nextRunAt: AT,
  scheduledTime: null,
  customGroupId: uuid(i),
  sessionId: uuid(i),
  createdAt: AT,
});
const saved = { name: AMP_NAME, type: 'weekly' as const, groupLabel: AMP_NAME, nextRunAt: AT };

export const GROUPS_SCHEDULES_CASES: Cases = {
  'features/groups/group-views.ts#buildPager': [
    messageBlocks('both ways', () =>
      gViews.buildPager('group_list_page', 'pager', JSON.stringify(groupMeta), '20'),
    ),
  ],
  'features/groups/group-views.ts#buildGroupList': [
    message('1,000 groups, last page', () => gViews.buildGroupList(groups, 990)),
    message('1,000 groups, first page', () => gViews.buildGroupList(groups)),
  ],
  'features/groups/group-views.ts#buildDeleteButton': [
    element('1,000-character name', () => gViews.buildDeleteButton(group(1))),
  ],
  'features/groups/group-views.ts#buildDeletePrompt': [
    message('1,000-character name', () => gViews.buildDeletePrompt(group(1))),
  ],
  'features/groups/group-views.ts#buildGroupsHelp': [
    message('a long region', () => gViews.buildGroupsHelp(hostile(1000))),
  ],
  'features/groups/group-forms.ts#buildCreateGroupModal': [
    modal('everything long', () => gForm.buildCreateGroupModal(groupMeta, hostile(1000), form)),
  ],
  'features/groups/group-forms.ts#buildMembersModal': [
    modal('add', () => gForm.buildMembersModal('add', groupMeta, undefined, form)),
    modal('remove', () => gForm.buildMembersModal('remove', groupMeta, 'PT', { members: HUGE })),
  ],
  'features/groups/group-forms.ts#buildRenameModal': [
    modal('1,000-character name', () => gForm.buildRenameModal(groupMeta, { error: HUGE_MRKDWN })),
    modal('control characters (JSON escapes each as six)', () =>
      gForm.buildRenameModal({ ...groupMeta, groupName: '\u0001'.repeat(1000) }),
    ),
  ],
  'features/groups/group-forms.ts#buildGroupNotice': [
    modal('5,000 characters', () => gForm.buildGroupNotice(LONG_NAME, HUGE_MRKDWN, LONG_NAME)),
  ],
  'features/groups/group-forms.ts#buildWorkingNotice': [
    modal('5,000 characters', () => gForm.buildWorkingNotice(LONG_NAME, HUGE_MRKDWN)),
  ],
  'features/groups/group-member-pages.ts#buildMemberPage': [
    message('1,000 members, page 2', () => buildMemberPage({ ...group(1), members }, 1)),
    message('no members', () => buildMemberPage({ ...group(1), members: [] }, 0)),
  ],
  'features/groups/group-member-pages.ts#buildContactsPage': [
    message('1,000 contacts on a page', () => buildContactsPage(members, 0, null)),
  ],
  'features/groups/group-operations.ts#buildContactsReply': [
    message('1,000 contacts from MoltFlow', () => buildContactsReply(contactsCtx, 0)),
  ],
  'features/schedules/schedule-messages.ts#buildScheduleList': [
    message('150 schedules', () =>
      sMsg.buildScheduleList({ schedules: many(150, schedule), total: 150, offset: 0, revision: 'r1' }),
    ),
    message('none', () => sMsg.buildScheduleList({ schedules: [], total: 0, offset: 0, revision: 'r1' })),
  ],
  'features/schedules/schedule-messages.ts#buildMoveButton': (
    ['pause', 'resume', 'cancel', 'delete'] as const
  ).map((move) =>
    element(move, () =>
      sMsg.buildMoveButton(move, { id: uuid(1), name: LONG_NAME, offset: 990, revision: 'r'.repeat(64) }),
    ),
  ),
  'features/schedules/schedule-messages.ts#buildScheduleHistory': [
    message('150 runs with 300-character errors', () =>
      sMsg.buildScheduleHistory({
        schedule: { id: uuid(1), name: LONG_NAME },
        entries: many(150, (i) => ({
          at: AT,
          status: hostile(1000),
          sentCount: 1,
          failedCount: 1,
          error: i % 2 ? DETAIL : LINES,
        })),
        total: 150,
        offset: 10,
      }),
    ),
    message('never ran', () =>
      sMsg.buildScheduleHistory({
        schedule: { id: uuid(1), name: LONG_NAME },
        entries: [],
        total: 0,
        offset: 0,
      }),
    ),
  ],
  'features/schedules/schedule-modal.ts#buildScheduleModal': TYPES.map((type) =>
    modal(`1,000 sessions and groups, ${type}, previewed`, () =>
      sModal.buildScheduleModal({
        choices,
        values: values(type),
        meta: scheduleMeta,
        now: AT,
        preview: runs,
        notice: { text: HUGE_MRKDWN, field: 'session' },
      }),
    ),
  ),
  'features/schedules/schedule-modal.ts#buildScheduleLoadingModal': [
    modal('loading', () => sModal.buildScheduleLoadingModal()),
  ],
  'features/schedules/schedule-modal.ts#buildScheduleNoticeModal': [
    modal('5,000 characters', () => sModal.buildScheduleNoticeModal(HUGE_MRKDWN)),
    modal('1,000 short lines', () => sModal.buildScheduleNoticeModal(LINES_MRKDWN)),
  ],
  // Shown in the notice modal's section.
  'features/schedules/schedule-modal.ts#buildNoWorkingSessionText': [
    text('section')(
      '150 sessions with 1,000-character names',
      () =>
        sModal.buildNoWorkingSessionText(many(150, (i) => ({ name: AMP_NAME, status: hostile(1000, i) }))),
      /run `\/schedule` again\.\nYour sessions: .* and 140 more\.$/s,
    ),
    text('section')(
      'no sessions at all',
      () => sModal.buildNoWorkingSessionText([]),
      /run `\/schedule` again\.$/,
    ),
  ],
  'features/schedules/schedule-modal.ts#buildScheduleSavingModal': [
    modal('1,000-character name', () => sModal.buildScheduleSavingModal(AMP_NAME), /Saving .* in MoltFlow…$/),
  ],
  'features/schedules/schedule-modal.ts#buildScheduleSavedModal': [
    modal('1,000-character names', () => sModal.buildScheduleSavedModal(saved), /`\/schedule list`/),
  ],
  'features/schedules/schedule-modal.ts#buildScheduleConfirmation': [
    message('1,000-character names', () => sModal.buildScheduleConfirmation(saved), /Next run/),
  ],
  'features/schedules/schedule-modal-when.ts#buildTypeInput': TYPES.map((type) =>
    modalBlocks(type, () => [buildTypeInput(type)]),
  ),
  'features/schedules/schedule-modal-when.ts#buildWhenInputs': TYPES.map((type) =>
    modalBlocks(type, () => buildWhenInputs(values(type), '2026-03-01')),
  ),
};

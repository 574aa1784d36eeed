import { describe, expect, it } from 'vitest';
import type { ScheduledMessage } from '../../../src/api/schedules.js';
import {
  allowedScheduleMoves,
  buildMoveButton,
  buildScheduleList,
  parseScheduleMoveAction,
} from '../../../src/features/schedules/schedule-messages.js';
import { validateBlocks } from '../../helpers/block-kit-rules.js';

describe('allowedScheduleMoves', () => {
  it.each([
    ['active', ['pause', 'cancel']],
    ['paused', ['resume', 'cancel']],
    ['cancelled', ['delete']],
    ['completed', ['delete']],
    ['running', []],
    ['', []],
  ])('%j allows %j', (status, moves) => {
    expect(allowedScheduleMoves(status)).toEqual(moves);
  });
});

describe('move buttons', () => {
  const target = { id: 'S1', name: 'Promo "<b>"', offset: 10, revision: '42' };

  it('round-trips the target through the button value', () => {
    for (const move of ['pause', 'resume', 'cancel', 'delete'] as const) {
      const button = buildMoveButton(move, target);
      expect(parseScheduleMoveAction({ action_id: button.action_id ?? '', value: button.value })).toEqual({
        move,
        ...target,
      });
    }
  });

  it('asks before cancelling or deleting, not before pausing or resuming', () => {
    expect(buildMoveButton('cancel', target).confirm?.title?.text).toBe('Cancel this schedule?');
    expect(buildMoveButton('delete', target)).toMatchObject({
      style: 'danger',
      confirm: { style: 'danger' },
    });
    expect(buildMoveButton('pause', target).confirm).toBeUndefined();
    expect(buildMoveButton('resume', target).confirm).toBeUndefined();
  });

  it('ignores values it did not write', () => {
    expect(parseScheduleMoveAction({ action_id: 'schedule_move_pause', value: 'S1' })).toBeNull();
    expect(parseScheduleMoveAction({ action_id: 'schedule_move_explode', value: '{}' })).toBeNull();
  });
});

describe('buildScheduleList', () => {
  const schedule = (i: number, status: string): ScheduledMessage => ({
    id: `id-${i}`,
    name: `Schedule ${'x'.repeat(250)} ${i}`,
    status,
    scheduleType: 'cron',
    cronExpression: '0 9 * * MON',
    timezone: 'America/New_York',
    nextRunAt: new Date('2030-01-07T14:00:00Z'),
    scheduledTime: null,
    customGroupId: null,
    sessionId: null,
    createdAt: null,
  });

  it('fits a full page of long names within Slack limits, with a pager', () => {
    const statuses = ['active', 'paused', 'cancelled', 'completed'];
    const page = buildScheduleList({
      schedules: Array.from({ length: 10 }, (_, i) => schedule(i, statuses[i % 4] ?? 'active')),
      total: 25,
      offset: 10,
      revision: '1',
    });
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    const ids = page.blocks.flatMap((b) =>
      ('elements' in b ? b.elements : []).map((e) => ('action_id' in e ? e.action_id : '')),
    );
    expect(ids).toContain('schedule_list_page_prev');
    expect(ids).toContain('schedule_list_page_next');
    expect(page.text).toBe('Scheduled messages: showing 11–20 of 25.');
  });

  it('says how to create one when there are none', () => {
    const page = buildScheduleList({ schedules: [], total: 0, offset: 0, revision: '1' });
    expect(page.text).toMatch(/no scheduled messages yet.*\/schedule/);
  });
});

import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ScheduleType } from '../../../src/api/schedules.js';
import {
  emptyScheduleForm,
  parseScheduleChoices,
  parseScheduleMeta,
  parseScheduleValues,
} from '../../../src/features/schedules/schedule-form.js';
import { buildScheduleModal } from '../../../src/features/schedules/schedule-modal.js';
import { validateView } from '../../helpers/block-kit-rules.js';

const NOW = new Date('2026-01-15T12:00:00Z');
const choices = {
  sessions: [{ value: 'sess-1', label: 'Sales phone (+15550001111)' }],
  groups: Array.from({ length: 100 }, (_, i) => ({
    value: `grp-${i}`,
    label: `Group ${'g'.repeat(80)} ${i}`,
  })),
};
const meta = { channel: 'C1', personTz: 'Europe/Berlin', previewed: null };

describe('buildScheduleModal', () => {
  it.each(['one_time', 'daily', 'weekly', 'monthly', 'cron'] as ScheduleType[])(
    '%s: a valid modal Slack would accept',
    (type) => {
      const view = buildScheduleModal({
        choices,
        values: { ...emptyScheduleForm('America/New_York'), type },
        meta,
        now: NOW,
      });
      expect(validateView(view)).toEqual([]);
      expect(view.submit?.text).toBe('Preview');
    },
  );

  it('carries what was typed back in as initial values, and reads them back the same', () => {
    const values = {
      ...emptyScheduleForm('America/New_York'),
      name: 'Promo',
      sessionId: 'sess-1',
      groupId: 'grp-3',
      type: 'weekly' as const,
      time: '08:15',
      weekdays: [1, 3],
      message: 'Hi & bye',
      mediaUrl: 'https://x.example/a.png',
    };
    const view = buildScheduleModal({ choices, values, meta, now: NOW });
    const chosen = parseScheduleChoices(view.blocks);
    expect(chosen.sessions).toEqual(choices.sessions);
    expect(chosen.groups).toHaveLength(100);
    expect(chosen.groups[3]?.value).toBe('grp-3');
    // What Slack would send back for a modal left as it was drawn:
    const state = Object.fromEntries(
      view.blocks.flatMap((b) => {
        if (b.type !== 'input') return [];
        const e = (b as InputBlock).element as unknown as Record<string, unknown>;
        const v: Record<string, unknown> = {};
        if ('initial_value' in e) v.value = e.initial_value;
        if ('initial_option' in e) v.selected_option = e.initial_option;
        if ('initial_options' in e) v.selected_options = e.initial_options;
        if ('initial_time' in e) v.selected_time = e.initial_time;
        if ('initial_date' in e) v.selected_date = e.initial_date;
        return [[b.block_id, { [String(e.action_id)]: v }]];
      }),
    );
    expect(parseScheduleValues(state)).toEqual({ ...values, date: null, dayOfMonth: null, cron: '' });
    expect(parseScheduleMeta(view.private_metadata)).toEqual(meta);
  });

  it('shows the next runs in the person’s zone, with the schedule’s own clock beside them', () => {
    const view = buildScheduleModal({
      choices,
      values: { ...emptyScheduleForm('America/New_York'), type: 'daily' },
      meta,
      now: NOW,
      preview: [new Date('2026-01-16T14:00:00Z'), new Date('2026-01-17T14:00:00Z')],
    });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('in your time zone (Europe/Berlin)');
    expect(text).toContain('Fri 16 Jan 2026, 15:00 GMT+1 (Fri 16 Jan 2026, 09:00 EST)');
    expect(view.submit?.text).toBe('Save schedule');
    expect(validateView(view)).toEqual([]);
  });

  it('puts a notice above the form and a pointer under the field MoltFlow objected to', () => {
    const view = buildScheduleModal({
      choices,
      values: emptyScheduleForm('UTC'),
      meta,
      now: NOW,
      notice: { text: 'That session stopped.', field: 'session' },
    });
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids[0]).toBe('notice');
    expect(ids.indexOf('notice_session')).toBe(ids.indexOf('session') + 1);
  });
});

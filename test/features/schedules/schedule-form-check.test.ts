import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyScheduleForm, type ScheduleFormValues } from '../../../src/features/schedules/schedule-form.js';
import { checkScheduleForm } from '../../../src/features/schedules/schedule-form-check.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const NY = 'America/New_York';

const form = (patch: Partial<ScheduleFormValues>): ScheduleFormValues => ({
  ...emptyScheduleForm(NY),
  name: 'Promo',
  sessionId: 'sess',
  groupId: 'grp',
  message: 'Hello',
  ...patch,
});

describe('checkScheduleForm', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW); // node-cron counts runs from the system clock
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a one-time date and time into wall-clock time in the zone, with its instant as the run', () => {
    const check = checkScheduleForm(form({ date: '2026-03-08', time: '03:30' }), NOW);
    expect(check).toMatchObject({
      ok: true,
      request: { scheduleType: 'one_time', scheduledTime: '2026-03-08T03:30:00', timezone: NY },
      runs: [new Date('2026-03-08T07:30:00Z')], // 03:30 EDT, just after the spring-forward jump
    });
  });

  it('refuses a one-time moment in the spring-forward gap, on the time field', () => {
    const check = checkScheduleForm(form({ date: '2026-03-08', time: '02:30' }), NOW);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.time).toMatch(/02:30 does not happen on 2026-03-08/);
  });

  it('puts "in the past" on the date when the day has passed, on the time when it is today', () => {
    const earlierDay = checkScheduleForm(form({ date: '2026-02-28', time: '09:00' }), NOW);
    const earlierToday = checkScheduleForm(form({ date: '2026-03-01', time: '06:59' }), NOW); // 11:59Z
    expect(earlierDay.ok || earlierDay.errors).toEqual({ date: expect.stringMatching(/has passed/) });
    expect(earlierToday.ok || earlierToday.errors).toEqual({ time: expect.stringMatching(/has passed/) });
    expect(checkScheduleForm(form({ date: '2026-03-01', time: '07:01' }), NOW).ok).toBe(true);
  });

  it('previews a daily run across the DST change at the same wall time', () => {
    vi.setSystemTime(new Date('2026-03-07T12:00:00Z'));
    const check = checkScheduleForm(form({ type: 'daily', time: '09:00' }), new Date());
    expect(check).toMatchObject({
      ok: true,
      request: { cronExpression: '0 9 * * *' },
      runs: [
        new Date('2026-03-07T14:00:00Z'),
        new Date('2026-03-08T13:00:00Z'),
        new Date('2026-03-09T13:00:00Z'),
      ],
    });
    if (check.ok) expect(check.request).not.toHaveProperty('scheduledTime');
  });

  it('fingerprints the request, so a changed form is a different preview', () => {
    const a = checkScheduleForm(form({ type: 'daily', time: '09:00' }), NOW);
    const b = checkScheduleForm(form({ type: 'daily', time: '09:05' }), NOW);
    const a2 = checkScheduleForm(form({ type: 'daily', time: '09:00' }), NOW);
    if (!a.ok || !b.ok || !a2.ok) throw new Error('expected valid forms');
    expect(a.fingerprint).toBe(a2.fingerprint);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('reports every wrong field at once', () => {
    const check = checkScheduleForm(
      { ...emptyScheduleForm('Nowhere/Land'), type: 'cron', cron: '*/1 * * * *' },
      NOW,
    );
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(Object.keys(check.errors).sort()).toEqual(['group', 'message', 'name', 'session', 'timezone']);
  });

  it('keeps a message with a media URL as its caption', () => {
    const check = checkScheduleForm(
      form({ type: 'daily', time: '09:00', mediaUrl: 'https://x.example/a.png', message: 'Look' }),
      NOW,
    );
    expect(check).toMatchObject({
      ok: true,
      request: { mediaUrl: 'https://x.example/a.png', messageContent: 'Look' },
    });
  });
});

// Hostile-size cases for the App Home's builders: many broadcasts and sends with 1,000-character names,
// 5,000-character MoltFlow errors, hundreds of people moving leads, long access lists.
import type { HomeData } from '../../src/features/home/home-data.js';
import {
  buildHealthLines,
  buildHomeView,
  buildNoAccessHome,
  buildPipelineLines,
  buildSpeedToLead,
} from '../../src/features/home/home-view.js';
import type { LeadStats } from '../../src/store/index.js';
import { AT, type Cases, HUGE, HUGE_MRKDWN, LONG_NAME, many, modal, text } from './block-kit-hostile.js';

const BIG = 1_000_000_000;
const stats: LeadStats = {
  byStatus: { new: BIG, contacted: BIG, qualified: BIG, converted: BIG, lost: BIG },
  firstMoves: many(1000, (i) => ({ by: `U${String(i).padStart(10, '0')}`, ms: i * 3_600_000 })),
};

const health = (down: boolean): HomeData['health'] => ({
  moltflow: down ? { state: 'down', reason: HUGE } : { state: 'ok' },
  push: { state: 'on', accepted: BIG, refused: BIG, lastDeliveryAt: AT },
  poll: {
    ok: true,
    value: {
      initializedAt: AT,
      cutoff: AT,
      lastRunAt: AT,
      lastRunOk: false,
      lastError: HUGE,
      lastPostedCount: BIG,
      totalPosted: BIG,
      consecutiveFailures: BIG,
    },
  },
  budget: { remaining: BIG, limitPerMinute: BIG, pausedUntil: AT },
});

const ids = many(500, (i) => `${i % 2 ? 'S' : 'U'}${String(i).padStart(10, '0')}`);

const data = (ok: boolean): HomeData => ({
  at: AT,
  viewer: { userId: 'U0VIEWER', tz: 'America/Argentina/ComodRivadavia' },
  pipeline: ok ? { ok: true, value: { thisWeek: stats, lastWeek: stats } } : { ok: false },
  broadcasts: ok
    ? {
        ok: true,
        value: many(200, () => ({
          groupName: LONG_NAME,
          sessionName: LONG_NAME,
          sent: BIG,
          total: BIG,
          failed: BIG,
          status: LONG_NAME,
        })),
      }
    : { ok: false },
  schedules: ok ? { ok: true, value: many(200, () => ({ name: LONG_NAME, nextRunAt: AT })) } : { ok: false },
  health: health(!ok),
  settings: {
    leadsChannel: 'C0123456789',
    routes: ok ? { ok: true, value: BIG } : { ok: false },
    access: { admin: ids, outreach: ids, sales: ids },
    backfillHours: BIG,
    pollCron: LONG_NAME,
    keyLast4: '&<>&',
  },
});

export const HOME_CASES: Cases = {
  'features/home/home-view.ts#buildHomeView': [
    modal('everything at its largest, admin', () => buildHomeView(data(true))),
    modal('MoltFlow down, store sections failed', () => buildHomeView(data(false))),
  ],
  'features/home/home-view.ts#buildNoAccessHome': [
    modal('a long refusal', () => buildNoAccessHome(HUGE_MRKDWN)),
  ],
  'features/home/home-view.ts#buildPipelineLines': [
    text('section')('a billion in every status', () => buildPipelineLines(stats, stats)),
  ],
  'features/home/home-view.ts#buildSpeedToLead': [
    text('section')('1,000 people', () => buildSpeedToLead(stats.firstMoves)),
  ],
  'features/home/home-view.ts#buildHealthLines': [
    text('section')('5,000-character errors', () => buildHealthLines(health(true))),
  ],
};

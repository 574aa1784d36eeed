// Hostile-size cases for the App Home's builders: many broadcasts and sends with 1,000-character names,
// 5,000-character MoltFlow errors, hundreds of people moving leads, long access lists.
import {
  buildAdminSettings,
  buildConnectionLine,
  buildSettingsLines,
} from '../../src/features/home/home-admin-view.js';
import type { AdminSettings, HomeConnection, HomeData } from '../../src/features/home/home-data.js';
import {
  buildHealthLines,
  buildHomeView,
  buildNoAccessHome,
  buildPipelineLines,
  buildSpeedToLead,
} from '../../src/features/home/home-view.js';
import type { LeadStats } from '../../src/store/index.js';
import {
  AT,
  type Cases,
  HUGE,
  HUGE_MRKDWN,
  LONG_NAME,
  many,
  modal,
  modalBlocks,
  text,
} from './block-kit-hostile.js';

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

// A plan name and scopes as long and as hostile as MoltFlow could send; every access list at its longest.
const connected: HomeConnection = {
  state: 'connected',
  last4: '&<>&',
  planName: LONG_NAME,
  requestsPerMinute: BIG,
  missingScopes: many(100, () => LONG_NAME),
};
const admin = (moltflow: HomeConnection): AdminSettings => ({
  moltflow,
  leadsChannel: 'C0123456789',
  access: { admin: ids, outreach: ids, sales: ids },
  backfillHours: BIG,
  pollIntervalSeconds: BIG,
});

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
    current: ok ? { ok: true, value: admin(connected) } : { ok: false },
    routes: ok ? { ok: true, value: BIG } : { ok: false },
  },
});

export const HOME_CASES: Cases = {
  'features/home/home-view.ts#buildHomeView': [
    modal('everything at its largest, admin', () => buildHomeView(data(true))),
    modal('MoltFlow down, store sections failed', () => buildHomeView(data(false))),
  ],
  'features/home/home-admin-view.ts#buildAdminSettings': [
    modalBlocks('connected, every list and scope at its longest', () =>
      buildAdminSettings({
        current: { ok: true, value: admin(connected) },
        routes: { ok: true, value: BIG },
      }),
    ),
    modalBlocks('settings unreadable', () =>
      buildAdminSettings({ current: { ok: false }, routes: { ok: false } }),
    ),
  ],
  'features/home/home-admin-view.ts#buildSettingsLines': [
    text('section')(
      'connected, every list at its longest',
      () => buildSettingsLines(admin(connected), { ok: true, value: BIG }),
      /Poll interval/,
    ),
  ],
  'features/home/home-admin-view.ts#buildConnectionLine': [
    text('section')(
      'a 1,000-character plan, 100 missing scopes',
      () => buildConnectionLine(connected),
      /Change key/,
    ),
    text('section')('not connected', () => buildConnectionLine({ state: 'none' }), /Connect MoltFlow/),
    text('section')('the environment’s key', () =>
      buildConnectionLine({ state: 'environment', last4: '<&>&' }),
    ),
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

// The App Home as pure functions of what was gathered (home-data.ts): a pipeline, broadcasts and the next
// scheduled sends, health, and for admins the workspace settings with the buttons that change them
// (home-admin-view.ts). Everything from outside (group, session and schedule names, error text) is escaped;
// people are Slack mentions; times are Slack date tokens.
import type { HomeView, KnownBlock } from '@slack/types';
import { PIPELINE_STATUSES, statusLabel } from '../../domain/pipeline.js';
import { formatDuration, median } from '../../domain/time.js';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import type { LeadStats } from '../../store/index.js';
import { buildAdminSettings, HOME_ADMIN } from './home-admin-view.js';
import type { HomeData, Section } from './home-data.js';

export const HOME_VIEW = {
  callbackId: 'moltflow_home',
  pipelineBlockId: 'home_pipeline',
  speedBlockId: 'home_speed',
  broadcastsBlockId: 'home_broadcasts',
  schedulesBlockId: 'home_schedules',
  healthBlockId: 'home_health',
  /** Admins only: the workspace settings, and the Connect MoltFlow / Settings buttons under them. */
  adminBlockId: HOME_ADMIN.settingsBlockId,
  adminActionsBlockId: HOME_ADMIN.actionsBlockId,
  /** How many people the speed-to-lead line names, and how many broadcasts and sends are listed. */
  topPeople: 5,
  listed: 5,
} as const;

const COULD_NOT_LOAD = (what: string) =>
  `:warning: I couldn't load ${what} just now; it will be back on the next refresh.`;

function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, 150) };
}
function section(blockId: string, text: string): KnownBlock {
  return { type: 'section', block_id: blockId, text: md(text) };
}

export function buildPipelineLines(thisWeek: LeadStats, lastWeek: LeadStats): string {
  const total = (s: LeadStats) => Object.values(s.byStatus).reduce((a, n) => a + (n ?? 0), 0);
  const rows = PIPELINE_STATUSES.map(
    (status) =>
      `${statusLabel(status)}: *${thisWeek.byStatus[status] ?? 0}* this week · ${lastWeek.byStatus[status] ?? 0} last week`,
  );
  return [`*Leads detected*: *${total(thisWeek)}* this week · ${total(lastWeek)} last week`, ...rows].join(
    '\n',
  );
}

/** The median time from detection to first move, overall and for the people who moved the most leads. */
export function buildSpeedToLead(moves: LeadStats['firstMoves']): string {
  const overall = median(moves.map((m) => m.ms));
  if (overall === null) return '*Speed to lead*: no lead has been moved from Slack yet in these two weeks.';
  const byPerson = new Map<string, number[]>();
  for (const m of moves) byPerson.set(m.by, [...(byPerson.get(m.by) ?? []), m.ms]);
  const people = [...byPerson]
    .sort((a, b) => b[1].length - a[1].length || (median(a[1]) ?? 0) - (median(b[1]) ?? 0))
    .slice(0, HOME_VIEW.topPeople)
    .map(([user, ms]) => `• <@${user}>: ${formatDuration(median(ms) ?? 0)} (${plural(ms.length, 'lead')})`);
  return [
    `*Speed to lead* (median time from detection to the first move, ${plural(moves.length, 'lead')}): *${formatDuration(overall)}*`,
    ...people,
  ].join('\n');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function buildOutreach(data: HomeData): KnownBlock[] {
  const blocks: KnownBlock[] = [header('Broadcasts and scheduled sends')];
  const b = data.broadcasts;
  if (!b.ok) blocks.push(section(HOME_VIEW.broadcastsBlockId, COULD_NOT_LOAD('the running broadcasts')));
  else if (b.value.length === 0)
    blocks.push(section(HOME_VIEW.broadcastsBlockId, 'No broadcast is running.'));
  else {
    const lines = b.value.slice(0, HOME_VIEW.listed).map((job) => {
      const name = escapeMrkdwn(truncate(job.groupName, 40));
      const via = escapeMrkdwn(truncate(job.sessionName, 30));
      const failed = job.failed > 0 ? `, ${job.failed} failed` : '';
      const status = escapeMrkdwn(truncate(job.status, 20));
      return `• *${name}* via ${via}: ${job.sent}/${job.total} sent${failed} · ${status}`;
    });
    const more = b.value.length > HOME_VIEW.listed ? [`…and ${b.value.length - HOME_VIEW.listed} more`] : [];
    blocks.push(section(HOME_VIEW.broadcastsBlockId, ['*Running broadcasts*', ...lines, ...more].join('\n')));
  }
  const s = data.schedules;
  if (!s.ok) blocks.push(section(HOME_VIEW.schedulesBlockId, COULD_NOT_LOAD('the scheduled sends')));
  else if (s.value.length === 0)
    blocks.push(section(HOME_VIEW.schedulesBlockId, 'No scheduled send is coming up.'));
  else {
    const lines = s.value
      .slice(0, HOME_VIEW.listed)
      .map((x) => `• ${dateToken(x.nextRunAt)}: ${escapeMrkdwn(truncate(x.name, 60))}`);
    blocks.push(section(HOME_VIEW.schedulesBlockId, ['*Next scheduled sends*', ...lines].join('\n')));
  }
  return blocks;
}

export function buildHealthLines(health: HomeData['health']): string {
  const m = health.moltflow;
  const moltflow =
    m.state === 'ok'
      ? ':large_green_circle: MoltFlow is reachable and the API key is valid.'
      : m.state === 'invalid_key'
        ? ':red_circle: MoltFlow refused the API key (401): it is wrong or was revoked.'
        : `:red_circle: MoltFlow is not answering (${escapeMrkdwn(truncate(m.reason, 150))}).`;
  const push = health.push;
  const pushLine =
    push.state === 'off'
      ? 'Push deliveries: off (leads arrive by polling).'
      : `Push deliveries: ${push.accepted} accepted, ${push.refused} refused${push.lastDeliveryAt ? `, last ${dateToken(push.lastDeliveryAt)}` : ''}.`;
  const poll = health.poll;
  const pollLine = !poll.ok
    ? "Last poll: I couldn't read it."
    : poll.value.lastRunAt === null
      ? 'Last poll: none yet.'
      : `Last poll: ${dateToken(poll.value.lastRunAt)}, ${poll.value.lastRunOk ? 'ok' : `failed (${escapeMrkdwn(truncate(poll.value.lastError ?? 'unknown error', 150))})`}.`;
  const b = health.budget;
  const budget = `Rate budget: ${b.remaining} of ${b.limitPerMinute} MoltFlow requests left this minute${b.pausedUntil ? `, paused until ${dateToken(b.pausedUntil)}` : ''}.`;
  return [moltflow, pushLine, pollLine, budget].join('\n');
}

function pipelineBlocks(pipeline: Section<{ thisWeek: LeadStats; lastWeek: LeadStats }>): KnownBlock[] {
  if (!pipeline.ok) return [section(HOME_VIEW.pipelineBlockId, COULD_NOT_LOAD('the pipeline'))];
  const { thisWeek, lastWeek } = pipeline.value;
  return [
    section(HOME_VIEW.pipelineBlockId, buildPipelineLines(thisWeek, lastWeek)),
    section(HOME_VIEW.speedBlockId, buildSpeedToLead([...thisWeek.firstMoves, ...lastWeek.firstMoves])),
  ];
}

/** The whole Home for one viewer. */
export function buildHomeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = [
    header('MoltFlow'),
    {
      type: 'context',
      elements: [
        md(`Updated ${dateToken(data.at)} · weeks start on Monday in ${escapeMrkdwn(data.viewer.tz)}`),
      ],
    },
    header('Pipeline'),
    ...pipelineBlocks(data.pipeline),
    { type: 'divider' },
    ...buildOutreach(data),
    { type: 'divider' },
    header('Health'),
    section(HOME_VIEW.healthBlockId, buildHealthLines(data.health)),
    ...(data.settings ? [{ type: 'divider' } as KnownBlock, ...buildAdminSettings(data.settings)] : []),
  ];
  return { type: 'home', callback_id: HOME_VIEW.callbackId, blocks };
}

/** For someone without access: what it is and whom to ask, not an error. `text` is mrkdwn (denialText). */
export function buildNoAccessHome(text: string): HomeView {
  return {
    type: 'home',
    callback_id: HOME_VIEW.callbackId,
    blocks: [header('MoltFlow'), { type: 'section', text: md(text) }],
  };
}

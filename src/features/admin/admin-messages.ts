import type { KnownBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

// The answer to `/moltflow help`: what the app does and only the commands that exist today, so no one
// is sent looking for a command that is not there yet.

export const HELP_COMMANDS = [
  '/moltflow help',
  '/moltflow status',
  '/moltflow route',
  '/moltflow routes',
  '/moltflow audit',
  '/moltflow webhook',
  '/leads',
  '/groups',
  '/bulksend',
  '/schedule',
] as const;

export function buildHelpMessage(): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('MoltFlow for Slack') },
    {
      type: 'section',
      text: md(
        'I bring your MoltFlow WhatsApp leads into Slack. When MoltFlow detects a lead in a monitored ' +
          'group, a card with the contact, the group, the keyword and the message shows up in the leads channel.',
      ),
    },
    {
      type: 'section',
      text: md(
        '*On each lead card*\n' +
          'Use the buttons to move the lead along: *New → Contacted → Qualified → Converted*. ' +
          '*Mark lost* takes it out of the pipeline and *Reopen* brings a lost lead back to New. ' +
          'The card shows who changed it and when, and it keeps up when someone changes the lead in MoltFlow. ' +
          '*Add to group* puts the contact into a contact group (and warns if they never wrote to you first).',
      ),
    },
    {
      type: 'section',
      text: md(
        '*Commands*\n' +
          '• `/moltflow help` shows this message\n' +
          '• `/moltflow status` checks the MoltFlow connection, your WhatsApp sessions and the lead feed\n' +
          "• `/moltflow route <group> #channel` sends a source group's new leads to that channel; `/moltflow routes` lists and removes routes\n" +
          '• `/moltflow audit [page]` shows who did what (broadcasts, schedules, groups, routes, lead moves, refusals), newest first; admins only\n' +
          '• `/moltflow webhook [register|remove]` shows, registers or removes the MoltFlow webhook that pushes new leads to the app (push mode); admins only\n' +
          '• `/leads` finds leads by status, search or group, shows one in detail and moves it; `/leads help` for more\n' +
          '• `/leads export csv|json [filters]` sends you the leads as a file in your DM (Pro plan); `/leads bulk` moves many leads at once or adds them to a contact group\n' +
          '• `/groups` lists, creates and edits contact groups (the audiences for outreach); `/groups help` for more\n' +
          '• `/bulksend` broadcasts a message to a contact group with live progress you can pause or cancel; `/bulksend list` shows recent ones\n' +
          '• `/schedule` schedules a WhatsApp message to a contact group, once or on a repeat; `/schedule list` to pause, resume or cancel',
      ),
    },
  ];
  return {
    text: 'MoltFlow for Slack: lead cards arrive in the leads channel. Commands: /moltflow help, /moltflow status, /moltflow route, /moltflow routes, /moltflow audit, /moltflow webhook, /leads, /groups, /bulksend, /schedule',
    blocks,
  };
}

// The answer to `/moltflow status`: is MoltFlow reachable, which WhatsApp sessions can work, is the lead
// feed running and how much of the request budget is left. Every string in the report came from outside
// (API errors, session names, config) and is escaped before it meets mrkdwn.

export interface StatusReport {
  moltflow:
    | { state: 'ok' }
    | { state: 'invalid_key' }
    | { state: 'forbidden'; detail: string }
    | { state: 'down'; reason: string }
    | { state: 'error'; reason: string };
  /** null when unknown (MoltFlow unreachable). */
  sessions: { name: string; status: string; phoneNumber: string | null }[] | null;
  poller: {
    schedule: string;
    lastRunAt: Date | null;
    lastRunOk: boolean | null;
    lastError: string | null;
    lastPostedCount: number;
    totalPosted: number;
    leadsChannel: string | null;
    /** Cards posted but not yet confirmed (a crash or an unclear Slack answer); oldest first. */
    pending?: { count: number; oldestSince: Date | null };
  };
  budget: { limitPerMinute: number; usedInWindow: number; remaining: number; pausedUntil: Date | null };
  /** Push mode: off without MOLTFLOW_WEBHOOK_SECRET; on, with this process's delivery counts. */
  push: { state: 'off' } | { state: 'on'; accepted: number; refused: number; lastDeliveryAt: Date | null };
  /** Who does what among the replicas on one database (leases). */
  replicas?: {
    backend: 'sqlite' | 'postgres';
    /** The replica that answered. */
    self: string;
    live: string[];
    /** Holder of the poll lease; null while no replica polls (between a death and the takeover). */
    poller: string | null;
    followers: { jobId: string; holder: string }[];
  };
}

const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
const safe = (s: string, max = 300): string => truncate(escapeMrkdwn(s.replace(/\s+/g, ' ').trim()), max);

function moltflowLine(m: StatusReport['moltflow']): string {
  switch (m.state) {
    case 'ok':
      return ':white_check_mark: MoltFlow is reachable and the API key is valid.';
    case 'invalid_key':
      return ':x: MoltFlow rejected the API key. Check `MOLTFLOW_API_KEY` and restart the app.';
    case 'forbidden':
      return `:no_entry: MoltFlow refused the request: ${safe(m.detail)}. Your plan or the key's scopes may not allow it.`;
    case 'down':
      return `:warning: MoltFlow is not reachable (${safe(m.reason)}). The feed keeps retrying and will catch up once it is back.`;
    case 'error':
      return `:warning: Could not check MoltFlow: ${safe(m.reason)}`;
  }
}

function sessionsLine(sessions: StatusReport['sessions']): string {
  if (sessions === null) return '*WhatsApp sessions*\n_Unknown while MoltFlow cannot be reached._';
  const working = sessions.filter((s) => s.status === 'working');
  const others = sessions.length - working.length;
  const idle = others > 0 ? `\n_${others} other session${others === 1 ? '' : 's'} not working._` : '';
  if (working.length === 0)
    return `*WhatsApp sessions*\nNo working session — connect one in MoltFlow.${idle}`;
  const list = working
    .slice(0, 15)
    .map((s) => `• ${safe(s.name, 80)}${s.phoneNumber ? ` (${safe(s.phoneNumber, 40)})` : ''}`)
    .join('\n');
  const more = working.length > 15 ? `\n…and ${working.length - 15} more` : '';
  return `*WhatsApp sessions*\n${list}${more}${idle}`;
}

function pollerLine(p: StatusReport['poller']): string {
  let lastRun = 'not run yet';
  if (p.lastRunAt) {
    const outcome =
      p.lastRunOk === false
        ? `:x: failed${p.lastError ? `: ${safe(p.lastError)}` : ''}`
        : p.lastRunOk
          ? ':white_check_mark: ok'
          : '';
    lastRun = `${dateToken(p.lastRunAt, '{date_short_pretty} at {time_secs}')} ${outcome}`.trim();
  }
  const channel = !p.leadsChannel
    ? 'not set (`LEADS_CHANNEL`)'
    : CHANNEL_ID.test(p.leadsChannel)
      ? `<#${p.leadsChannel}>`
      : `\`${safe(p.leadsChannel, 80)}\` (not a channel id)`;
  return [
    '*Lead feed*',
    `Schedule: \`${safe(p.schedule, 100)}\``,
    `Last run: ${lastRun}`,
    `Cards posted: ${p.lastPostedCount} last run, ${p.totalPosted} in total`,
    `Leads channel: ${channel}`,
    ...(p.pending && p.pending.count > 0
      ? [
          `:hourglass: ${p.pending.count} card${p.pending.count === 1 ? '' : 's'} waiting for Slack to confirm` +
            (p.pending.oldestSince ? ` (oldest since ${dateToken(p.pending.oldestSince)})` : '') +
            '; each pass checks the channel again. If this stays, check the app can read the channel history.',
        ]
      : []),
  ].join('\n');
}

function budgetLine(b: StatusReport['budget']): string {
  const paused = b.pausedUntil
    ? `\n:hourglass: Requests to MoltFlow are paused until ${dateToken(b.pausedUntil, '{time_secs}')}.`
    : '';
  return `*Request budget*\n${b.usedInWindow}/${b.limitPerMinute} this minute (${b.remaining} left)${paused}`;
}

function pushLine(p: StatusReport['push']): string {
  if (p.state === 'off') {
    return '*Push mode*\nOff: `MOLTFLOW_WEBHOOK_SECRET` is not set, so new leads arrive by polling only.';
  }
  const last = p.lastDeliveryAt
    ? dateToken(p.lastDeliveryAt, '{date_short_pretty} at {time_secs}')
    : 'none yet';
  return [
    '*Push mode*',
    `On: ${p.accepted} ${p.accepted === 1 ? 'delivery' : 'deliveries'} accepted, ${p.refused} refused since the app started`,
    `Last delivery: ${last}`,
    '`/moltflow webhook` shows whether MoltFlow is set up to push.',
  ].join('\n');
}

function replicasLine(r: NonNullable<StatusReport['replicas']>): string {
  const id = (s: string) => `\`${safe(s, 64)}\``;
  const store = r.backend === 'postgres' ? 'Postgres' : 'SQLite';
  const live =
    r.live.slice(0, 10).map(id).join(', ') + (r.live.length > 10 ? ` and ${r.live.length - 10} more` : '');
  const followers = r.followers
    .slice(0, 10)
    .map((f) => `• broadcast ${id(f.jobId)}: ${id(f.holder)}`)
    .join('\n');
  return [
    '*Replicas*',
    `Store: ${store}. This answer came from ${id(r.self)}; ${r.live.length} alive: ${live || 'none'}.`,
    `Polling MoltFlow: ${r.poller ? id(r.poller) : '_no one right now; a replica takes over within two poll intervals_'}`,
    ...(followers ? [`Following broadcasts:\n${followers}`] : []),
  ].join('\n');
}

export function buildStatusMessage(r: StatusReport): { text: string; blocks: KnownBlock[] } {
  const head = moltflowLine(r.moltflow);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('MoltFlow status') },
    { type: 'section', text: md(head) },
    { type: 'section', text: md(sessionsLine(r.sessions)) },
    { type: 'section', text: md(pollerLine(r.poller)) },
    { type: 'section', text: md(budgetLine(r.budget)) },
    { type: 'section', text: md(pushLine(r.push)) },
    ...(r.replicas ? [{ type: 'section' as const, text: md(replicasLine(r.replicas)) }] : []),
  ];
  return { text: `MoltFlow status: ${head}`, blocks };
}

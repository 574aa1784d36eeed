// The answer to `/moltflow status`: is MoltFlow reachable, which WhatsApp sessions can work, is the lead
// feed running and how much of the request budget is left. Every string in the report came from outside
// (API errors, session names, config) and is escaped before it meets mrkdwn.
import type { KnownBlock } from '@slack/types';
import { dateToken, escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

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
  };
  budget: { limitPerMinute: number; usedInWindow: number; remaining: number; pausedUntil: Date | null };
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
  ].join('\n');
}

function budgetLine(b: StatusReport['budget']): string {
  const paused = b.pausedUntil
    ? `\n:hourglass: Requests to MoltFlow are paused until ${dateToken(b.pausedUntil, '{time_secs}')}.`
    : '';
  return `*Request budget*\n${b.usedInWindow}/${b.limitPerMinute} this minute (${b.remaining} left)${paused}`;
}

export function buildStatusMessage(r: StatusReport): { text: string; blocks: KnownBlock[] } {
  const head = moltflowLine(r.moltflow);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('MoltFlow status') },
    { type: 'section', text: md(head) },
    { type: 'section', text: md(sessionsLine(r.sessions)) },
    { type: 'section', text: md(pollerLine(r.poller)) },
    { type: 'section', text: md(budgetLine(r.budget)) },
  ];
  return { text: `MoltFlow status: ${head}`, blocks };
}

import type { KnownBlock } from '@slack/types';
import type { MoltflowWebhook } from '../../api/sessions.js';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';

// `/moltflow webhook`: whether MoltFlow pushes to this app, and what `register` would do. Ids, event names
// and URLs that came back from MoltFlow are escaped; the signing secret is never part of any text here.

/** What `register` asks MoltFlow for (README "Push mode"). */
export const PUSH_WEBHOOK = {
  name: 'moltflow-slack',
  events: ['lead.detected', 'session.disconnected', 'session.connected'],
} as const;

/** Why the app cannot register (or recognise) its webhook as configured. */
export type SetupProblem = 'no_public_url' | 'not_https' | 'no_secret';

export interface WebhookView {
  /** `${PUBLIC_URL}/moltflow/webhook`, or null when PUBLIC_URL is not set. */
  url: string | null;
  /** MoltFlow's webhooks with that URL (normally one). */
  mine: readonly MoltflowWebhook[];
  /** How many other webhooks the MoltFlow account has. */
  others: number;
  problems: readonly SetupProblem[];
  /** What just happened (registered, removed, already there), shown first. */
  notice?: string | null;
}

const MAX_SHOWN = 5;
const code = (s: string, max = 300) => `\`${truncate(escapeMrkdwn(s.replace(/[`\s]+/g, ' ')), max)}\``;

const PROBLEM_TEXT: Record<SetupProblem, string> = {
  no_public_url:
    '`PUBLIC_URL` is not set, so I don’t know the address MoltFlow should call. Set it to this app’s public ' +
    'https address (e.g. `https://moltflow-slack.example.com`) and restart the app.',
  not_https: '`PUBLIC_URL` is not an https address, and MoltFlow only calls https addresses.',
  no_secret:
    '`MOLTFLOW_WEBHOOK_SECRET` is not set, so deliveries could not be verified (without it the app answers ' +
    'them 404). Set it to a random string of at least 16 characters and restart the app.',
};

/** Plain words for a setup that cannot register (or find) the webhook; `doing` reads like "register the webhook". */
export function buildSetupProblemText(problems: readonly SetupProblem[], doing: string): string {
  const lines = problems.map((p) => `• ${PROBLEM_TEXT[p]}`);
  return `I can’t ${doing} yet:\n${lines.join('\n')}`;
}

function registrationLine(w: MoltflowWebhook): string {
  const events = w.events.length > 0 ? w.events.map((e) => code(e, 60)).join(', ') : '_none_';
  const active = w.active === null ? 'unknown' : w.active ? 'yes' : ':warning: no (MoltFlow is not sending)';
  return [`ID ${code(w.id, 100)}`, `Events: ${truncate(events, 1000)}`, `Active: ${active}`].join('\n');
}

function mainText(v: WebhookView): string {
  if (v.url === null) {
    return '`PUBLIC_URL` is not set, so I can’t tell which of MoltFlow’s webhooks is this app’s, or register one.';
  }
  if (v.mine.length === 0) {
    const events = PUSH_WEBHOOK.events.map((e) => `\`${e}\``).join(', ');
    return (
      `No MoltFlow webhook is registered for ${code(v.url)}, so new leads arrive by polling only.\n` +
      `\`/moltflow webhook register\` would ask MoltFlow to send ${events} there, signed with ` +
      '`MOLTFLOW_WEBHOOK_SECRET`; a new lead’s card would then be in Slack within a second.'
    );
  }
  const shown = v.mine.slice(0, MAX_SHOWN).map(registrationLine);
  const more = v.mine.length > MAX_SHOWN ? `\n…and ${v.mine.length - MAX_SHOWN} more` : '';
  return `:white_check_mark: MoltFlow pushes to ${code(v.url)}\n${shown.join('\n\n')}${more}`;
}

export function buildWebhookMessage(v: WebhookView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (v.notice) blocks.push({ type: 'section', text: md(v.notice) });
  blocks.push({ type: 'header', text: plain('MoltFlow webhook (push mode)') });
  blocks.push({ type: 'section', text: md(mainText(v)) });
  if (v.problems.length > 0) {
    const head = v.mine.length > 0 ? ':warning: *Setup problem*' : '*Before `register` can work*';
    const lines = v.problems.map((p) => `• ${PROBLEM_TEXT[p]}`);
    blocks.push({ type: 'section', text: md(`${head}\n${lines.join('\n')}`) });
  }
  const notes: string[] = [];
  if (v.mine.length > 0) notes.push('`/moltflow webhook remove` deletes it; polling goes on either way.');
  if (v.others > 0) {
    notes.push(
      `${v.others} other webhook${v.others === 1 ? '' : 's'} on the MoltFlow account (not this app’s).`,
    );
  }
  if (notes.length > 0) blocks.push({ type: 'context', elements: [md(notes.join(' '))] });
  const state =
    v.url === null
      ? 'PUBLIC_URL is not set'
      : v.mine.length > 0
        ? `registered for ${truncate(escapeMrkdwn(v.url), 500)}`
        : `none registered for ${truncate(escapeMrkdwn(v.url), 500)}`;
  const notice = v.notice ? `${truncate(v.notice, 1000)} ` : '';
  return { text: `${notice}MoltFlow webhook: ${state}`, blocks };
}

// The App Home's admin section: the workspace's settings as its admins set them (or the environment's
// defaults), and the buttons that change them: Connect MoltFlow and Settings (the settings feature's action
// ids) and Routes (the admin feature's). Their listeners (admin-only) open the modals; the Home only draws
// them for admins. Of the MoltFlow key it shows the last four characters at most; plan names and scopes come
// from MoltFlow and are escaped.
import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, md, plain, truncate } from '../../slack/blocks.js';
import { ROUTES_ACTIONS } from '../admin/index.js';
import { SETTINGS_ACTIONS } from '../settings/index.js';
import type { AdminSettings, HomeConnection, HomeData, Section } from './home-data.js';

export const HOME_ADMIN = {
  settingsBlockId: 'home_admin_settings',
  actionsBlockId: 'home_admin_actions',
  /** How many people per access list and how many missing scopes are named before "and N more". */
  named: 8,
} as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The first few, then how many more. */
function firstFew(items: readonly string[], none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, HOME_ADMIN.named).join(', ');
  return items.length > HOME_ADMIN.named ? `${shown} and ${items.length - HOME_ADMIN.named} more` : shown;
}

/** Stored ids are validated (U…/W…/S…) on the way in; user groups are mentioned as such. */
const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);

/** `30 seconds`, `5 minutes`, `1 minute 30 seconds`. */
export function describeInterval(seconds: number): string {
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}

/** The MoltFlow line: a call to action when nothing is connected, else the key's last four and the plan. */
export function buildConnectionLine(m: HomeConnection): string {
  if (m.state === 'none') {
    return ':warning: *MoltFlow*: *not connected*. No lead reaches Slack and no MoltFlow command works here until an admin connects an API key: press *Connect MoltFlow* below.';
  }
  if (m.state === 'environment') {
    const key = m.last4 ? ` (\`…${escapeMrkdwn(m.last4)}\`)` : '';
    return `*MoltFlow*: connected with the key from the app’s environment${key}; its plan has not been checked here.`;
  }
  const plan = m.planName ? `*${escapeMrkdwn(truncate(m.planName, 60))}* plan` : 'plan unknown';
  const lines = [
    `:large_green_circle: *MoltFlow*: connected with key \`…${escapeMrkdwn(m.last4)}\` · ${plan}, ${plural(m.requestsPerMinute, 'request')} a minute`,
  ];
  if (m.missingScopes.length > 0) {
    const scopes = m.missingScopes.map((s) => `\`${escapeMrkdwn(truncate(s, 60))}\``);
    const them = scopes.length === 1 ? 'it' : 'them';
    lines.push(
      `:warning: The key lacks ${firstFew(scopes, '')}: what needs ${them} will not work. Press *Change key* to connect a key that has ${them}.`,
    );
  }
  return lines.join('\n');
}

export function buildSettingsLines(s: AdminSettings, routes: Section<number>): string {
  const who = (ids: readonly string[], none: string) => firstFew(ids.map(mention), none);
  const routeCount = routes.ok ? plural(routes.value, 'route') : "couldn't read them";
  return [
    buildConnectionLine(s.moltflow),
    `*Leads channel*: ${s.leadsChannel ? `<#${s.leadsChannel}>` : 'not set: choose one in *Settings* (no lead is posted until then)'}`,
    `*Routes*: ${routeCount} (press *Routes* to change them)`,
    `*Admins*: ${who(s.access.admin, 'workspace owners and admins only')}`,
    `*Outreach*: ${who(s.access.outreach, 'admins only')}`,
    `*Sales*: ${who(s.access.sales, 'every full member')}`,
    `*Backfill*: the last ${plural(s.backfillHours, 'hour')} at first start`,
    `*Poll interval*: every ${describeInterval(s.pollIntervalSeconds)}`,
  ].join('\n');
}

export function buildAdminSettings(settings: NonNullable<HomeData['settings']>): KnownBlock[] {
  const { current, routes } = settings;
  const connected = current.ok && current.value.moltflow.state === 'connected';
  const text = current.ok
    ? buildSettingsLines(current.value, routes)
    : ":warning: I couldn't load the settings just now; they will be back on the next refresh.";
  return [
    { type: 'header', text: plain('Settings (admins)', 150) },
    { type: 'section', block_id: HOME_ADMIN.settingsBlockId, text: md(text) },
    {
      type: 'actions',
      block_id: HOME_ADMIN.actionsBlockId,
      elements: [
        {
          type: 'button',
          action_id: SETTINGS_ACTIONS.openConnect,
          text: plain(connected ? 'Change key' : 'Connect MoltFlow'),
          // The one thing a workspace without a connection must do first.
          ...(current.ok && current.value.moltflow.state === 'none' ? { style: 'primary' as const } : {}),
        },
        { type: 'button', action_id: SETTINGS_ACTIONS.openSettings, text: plain('Settings') },
        { type: 'button', action_id: ROUTES_ACTIONS.open, text: plain('Routes') },
      ],
    },
    {
      type: 'context',
      elements: [md('Only admins see this section and its buttons.')],
    },
  ];
}

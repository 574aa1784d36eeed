// "Add to Slack": the installer's options for Bolt's HTTP receiver (GET /slack/install, the redirect back at
// GET /slack/oauth_redirect) and the two pages the person who installs sees when it ends. Bolt's built-in
// InstallProvider does the protocol: a signed, expiring `state` that is also kept in a cookie (CSRF), the
// code-for-token exchange (oauth.v2.access), then our installation store.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, Installation, webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * Exactly the manifest's bot scopes (test/manifest.test.ts keeps the two equal): an install asks for what the
 * app created from manifest.yml has, no more, so Slack never shows a second consent screen.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'channels:history',
  'groups:history',
  'channels:join',
  'files:write',
  'im:write',
  'channels:read',
  'groups:read',
  'usergroups:read',
  'users:read',
] as const;

type InstallerOptions = NonNullable<HTTPReceiverOptions['installerOptions']>;
type CallbackOptions = NonNullable<InstallerOptions['callbackOptions']>;

export interface InstallerSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** PUBLIC_URL: the redirect URL is then sent explicitly (it must match one in the app's settings). */
  publicUrl: string | undefined;
  /** SLACK_API_URL: where oauth.v2.access and auth.test go (tests: the fake). */
  clientOptions: webApi.WebClientOptions;
  logger: Logger;
}

/** The OAuth part of the HTTP receiver's options. */
export function installerReceiverOptions(s: InstallerSettings): Pick<
  HTTPReceiverOptions,
  'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'redirectUri'
> & {
  installerOptions: InstallerOptions;
} {
  return {
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    stateSecret: s.stateSecret,
    scopes: [...BOT_SCOPES],
    ...(s.publicUrl ? { redirectUri: `${s.publicUrl}${REDIRECT_PATH}` } : {}),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // A page with the "Add to Slack" button, so the state cookie is set before Slack is opened.
      directInstall: false,
      renderHtmlForInstallPath: renderInstallPage,
      stateVerification: true,
      clientOptions: s.clientOptions,
      callbackOptions: buildCallbackOptions(s.logger),
    },
  };
}

function buildCallbackOptions(logger: Logger): CallbackOptions {
  return {
    success: (installation, _options, _req, res) => {
      sendPage(res, 200, renderInstallSuccessPage(installation));
    },
    failure: (error, _options, req, res) => {
      // The code and message only: the error never holds a token, and the query's code is single-use.
      logger.warn('Slack installation failed', {
        code: error.code,
        reason: error.message,
        path: pathOf(req),
      });
      sendPage(res, 400, renderInstallFailurePage(error.code));
    },
  };
}

const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}',
    'a.button{display:inline-block;padding:.6rem 1rem;background:#4a154b;color:#fff;border-radius:6px;text-decoration:none}</style>',
    `</head><body>${body}</body></html>`,
  ].join('\n');
}

/** GET /slack/install: what the app is, and the button that opens Slack's consent screen. */
export function renderInstallPage(addToSlackUrl: string): string {
  return page(
    'Add MoltFlow to Slack',
    [
      '<h1>Add MoltFlow to Slack</h1>',
      '<p>MoltFlow brings the WhatsApp leads it detects into a Slack channel, with one-click pipeline moves,',
      'contact groups, broadcasts and schedules. After installing, open the app’s Home tab to connect your',
      'MoltFlow account.</p>',
      `<p><a class="button" href="${escapeHtml(addToSlackUrl)}">Add to Slack</a></p>`,
    ].join('\n'),
  );
}

/** After a good install: where they are, and the one next step (connect MoltFlow from the Home tab). */
export function renderInstallSuccessPage(installation: Installation): string {
  const teamId = installation.team?.id;
  const where = installation.isEnterpriseInstall
    ? (installation.enterprise?.name ?? 'your organisation')
    : (installation.team?.name ?? 'your workspace');
  const appId = installation.appId;
  // slack://app opens the app's Home tab in the desktop client; without ids, Slack's own redirect page.
  const homeLink =
    appId && teamId
      ? `slack://app?team=${encodeURIComponent(teamId)}&id=${encodeURIComponent(appId)}&tab=home`
      : 'https://slack.com/app_redirect';
  return page(
    'MoltFlow is installed',
    [
      `<h1>MoltFlow is installed in ${escapeHtml(where)}</h1>`,
      '<p>One step left: <strong>open the MoltFlow app’s Home tab in Slack</strong> and choose ',
      '<em>Connect MoltFlow</em> to add your MoltFlow API key. A workspace admin can then pick the leads channel.</p>',
      `<p><a class="button" href="${escapeHtml(homeLink)}">Open MoltFlow in Slack</a></p>`,
      '<p>You can close this window.</p>',
    ].join('\n'),
  );
}

/** Why it did not finish, in plain words, and how to try again. */
export function renderInstallFailurePage(code: string | undefined): string {
  const reason =
    code === 'slack_oauth_installer_authorization_error'
      ? 'The installation was cancelled in Slack.'
      : code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state'
        ? 'The installation link expired or was opened in another browser.'
        : code === 'slack_oauth_missing_code'
          ? 'Slack did not send an authorization code back.'
          : 'Slack did not confirm the installation.';
  return page(
    'MoltFlow was not installed',
    [
      '<h1>MoltFlow was not installed</h1>',
      `<p>${escapeHtml(reason)} Nothing was saved.</p>`,
      `<p><a class="button" href="${INSTALL_PATH}">Start again</a></p>`,
      '<p>If this keeps happening, ask the person who runs this MoltFlow deployment to check its logs.</p>',
    ].join('\n'),
  );
}

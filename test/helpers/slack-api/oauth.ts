// Several workspaces behind one fake Slack: "Add to Slack" codes (oauth.v2.access) and the tokens they hand
// out. Each bot token belongs to exactly one workspace (or one Enterprise Grid org for an org-wide install),
// so auth.test and users.info answer as that workspace, and a token nobody issued is invalid_auth.
import { fail, type SlackArgs, type SlackResult, str, TEAM_ID } from './model.js';

export interface FakeWorkspace {
  /** The one-time code the redirect carries back for this install. */
  code: string;
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
  scopes: readonly string[];
  installerUserId?: string;
  /** Enterprise Grid: the org, and whether this is an org-wide install (then `workspace` is the org). */
  enterprise?: { id: string; name: string };
  isEnterpriseInstall?: boolean;
}

/** Who a Web API call is made as: the workspace its token belongs to. */
export interface Caller {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

export const FAKE_APP_ID = 'A0MOLTFLOW';

export class FakeOAuth {
  /** client_id and client_secret oauth.v2.access must carry (unset: any). */
  client: { id: string; secret: string } | undefined;
  private readonly byCode = new Map<string, FakeWorkspace>();
  private readonly byToken = new Map<string, FakeWorkspace>();
  private readonly usedCodes = new Set<string>();
  /** Tokens revoked since (auth.revoke, or a test uninstalling): they answer token_revoked. */
  readonly revoked = new Set<string>();

  add(ws: FakeWorkspace): void {
    this.byCode.set(ws.code, ws);
    this.byToken.set(ws.botToken, ws);
  }
  get size(): number {
    return this.byToken.size;
  }
  revoke(token: string): void {
    this.revoked.add(token);
  }

  caller(token: string | null): Caller | SlackResult {
    if (!token) return fail('not_authed');
    if (this.revoked.has(token)) return fail('token_revoked');
    const ws = this.byToken.get(token);
    if (!ws) return fail('invalid_auth');
    return callerOf(ws);
  }

  /** oauth.v2.access: the code once, for the client it was issued to; the response Slack documents. */
  access(args: SlackArgs, basicAuth: { id: string; secret: string } | null): SlackResult {
    const id = basicAuth?.id ?? str(args.client_id);
    const secret = basicAuth?.secret ?? str(args.client_secret);
    if (this.client && (id !== this.client.id || secret !== this.client.secret)) {
      return fail(id === this.client.id ? 'bad_client_secret' : 'invalid_client_id');
    }
    const code = str(args.code) ?? '';
    const ws = this.byCode.get(code);
    if (!ws || this.usedCodes.has(code)) return fail('invalid_code');
    this.usedCodes.add(code);
    const orgWide = ws.isEnterpriseInstall === true;
    return {
      ok: true,
      app_id: FAKE_APP_ID,
      authed_user: { id: ws.installerUserId ?? 'U0INSTALLER' },
      scope: ws.scopes.join(','),
      token_type: 'bot',
      access_token: ws.botToken,
      bot_user_id: ws.botUserId,
      team: orgWide ? null : { id: ws.teamId, name: ws.teamName },
      enterprise: ws.enterprise ?? null,
      is_enterprise_install: orgWide,
    };
  }
}

export function callerOf(ws: FakeWorkspace): Caller {
  return {
    teamId: ws.teamId,
    teamName: ws.teamName,
    botUserId: ws.botUserId,
    botId: ws.botId,
    enterpriseId: ws.enterprise?.id,
    isEnterpriseInstall: ws.isEnterpriseInstall === true,
  };
}

/** The single workspace the fake has always been (SLACK_BOT_TOKEN mode). */
export function defaultCaller(botUserId: string, botId: string): Caller {
  return {
    teamId: TEAM_ID,
    teamName: 'MoltFlow Test',
    botUserId,
    botId,
    enterpriseId: undefined,
    isEnterpriseInstall: false,
  };
}

export function isCaller(value: Caller | SlackResult): value is Caller {
  return 'teamId' in value;
}

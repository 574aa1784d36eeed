// A fake Slack Web API on a real loopback port. Point a WebClient (or Bolt's clientOptions) at `apiUrl`
// and it behaves like Slack: HTTP 200 with {ok:false,error} for refusals, 429 + Retry-After only when a
// fault is injected, Block Kit limits enforced. Methods live in slack-api/<area>.ts, one table per area.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { queryRecord, readBody, sendJson, sendRaw, startServer, stopServer } from './fake-http.js';
import { FaultQueue } from './fault-queue.js';
import { chatMethods } from './slack-api/chat.js';
import { conversationMethods } from './slack-api/conversations.js';
import { fileMethods, receiveUpload } from './slack-api/files.js';
import type { FakeMessage, FakeUser, MethodTable } from './slack-api/model.js';
import { type Caller, defaultCaller, FakeOAuth, type FakeWorkspace, isCaller } from './slack-api/oauth.js';
import { basicAuth, bearerToken, parseArgs, uploadedBytes } from './slack-api/request.js';
import { SlackState } from './slack-api/state.js';
import { userMethods } from './slack-api/users.js';
import { viewMethods } from './slack-api/views.js';
import { RequestSignal, type WaitOptions } from './wait.js';

export type { FakeEphemeral, FakeFile, FakeMessage, FakeUser, FakeView } from './slack-api/model.js';
export { FAKE_APP_ID, type FakeWorkspace } from './slack-api/oauth.js';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
}
export type SlackFault = {
  status?: number;
  retryAfterSec?: number;
  error?: string;
  dropConnection?: boolean;
  times?: number;
};

const METHODS: MethodTable = {
  ...userMethods,
  ...chatMethods,
  ...conversationMethods,
  ...viewMethods,
  ...fileMethods,
};

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  private readonly state: SlackState;
  /** "Add to Slack": workspaces that can be installed, and the tokens they were given. */
  readonly oauth = new FakeOAuth();
  private readonly faults = new FaultQueue<string, SlackFault>();
  private readonly signal = new RequestSignal(() => this.recentCalls());
  private server: Server | undefined;
  private responseSeq = 0;

  private constructor(private readonly opts: { botUserId?: string; botToken?: string }) {
    this.state = new SlackState(opts.botUserId ?? 'U0BOT');
  }

  static async start(opts: { botUserId?: string; botToken?: string } = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    const { server, origin } = await startServer((req, res) => fake.handle(req, res));
    fake.server = server;
    fake.state.origin = origin;
    return fake;
  }

  get origin(): string {
    return this.state.origin;
  }
  get apiUrl(): string {
    return `${this.state.origin}/api/`;
  }
  get botUserId(): string {
    return this.state.botUserId;
  }
  /** Anything sent with blocks but no top-level `text` fallback; tests assert this stays empty. */
  get warnings(): string[] {
    return this.state.warnings;
  }
  /** Every payload refused for Block Kit limits, with Slack-style error paths. */
  get rejections(): { method: string; errors: string[] }[] {
    return this.state.rejections;
  }
  get ephemerals(): SlackState['ephemerals'] {
    return this.state.ephemerals;
  }
  get views(): SlackState['views'] {
    return this.state.views;
  }
  /** The Home tab `user` sees now (the latest views.publish), if any. */
  home(user: string): Record<string, unknown> | undefined {
    const view = this.state.homes.get(user);
    return view ? structuredClone(view.view) : undefined;
  }
  get files(): SlackState['files'] {
    return this.state.files;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Another workspace that can install the app (its code) and then call with its own bot token. */
  addWorkspace(ws: FakeWorkspace): void {
    this.oauth.add(ws);
  }
  /** The Web API calls made with `token` (which workspace's token each call used). */
  callsWithToken(token: string, method?: string): SlackCall[] {
    return this.calls.filter((c) => c.token === token && (!method || c.method === method));
  }

  /** Current state in post order (edits applied, deleted left out), top-level messages and replies. */
  messages(channel: string): FakeMessage[] {
    return this.state.messages
      .filter((m) => m.channel === channel && !m.deleted)
      .map((m) => structuredClone(m));
  }
  findMessage(channel: string, ts: string): FakeMessage | undefined {
    const m = this.state.findMessage(channel, ts);
    return m ? structuredClone(m) : undefined;
  }

  /** A URL on this server standing in for a Slack response_url; JSON POSTs to it land in `responses`. */
  responseUrl(label?: string): string {
    this.responseSeq += 1;
    return `${this.origin}/response/${encodeURIComponent(label ?? `r${this.responseSeq}`)}`;
  }

  /** Queue a fault for a method (also 'response_url' and 'upload' for those two non-API endpoints). */
  failNext(method: string, fault: SlackFault): void {
    this.faults.add(method, fault);
  }

  setChannel(
    id: string,
    opts: { member?: boolean; archived?: boolean; name?: string; isPrivate?: boolean },
  ): void {
    this.state.channels.set(id, { ...this.state.channels.get(id), ...opts });
  }
  private readonly latency = new Map<string, number>();
  /**
   * Answers `method` only after `ms` (the call takes effect at once), e.g. to slow a burst down. Infinity:
   * the call takes effect and is never answered (Slack hanging after the fact); close() ends it.
   */
  setLatency(method: string, ms: number): void {
    this.latency.set(method, ms);
  }

  /** Where apps.connections.open points Socket Mode clients; set by FakeSocketMode. */
  socketModeUrl: string | null = null;

  /** Members of a user group (S…), as usergroups.users.list answers. */
  setUserGroup(id: string, members: string[]): void {
    this.state.userGroups.set(id, new Set(members));
  }
  /** The flags of every person not described by setUser (default: a workspace admin). */
  setDefaultUser(info: FakeUser): void {
    this.state.defaultUser = info;
  }
  setUser(id: string, info: FakeUser): void {
    this.state.users.set(id, { ...this.state.users.get(id), ...info });
  }

  /** Put a message in place without an API call, e.g. a card posted "before a crash". */
  seedMessage(channel: string, msg: Partial<FakeMessage> & { text: string }): FakeMessage {
    const message: FakeMessage = {
      ts: msg.ts ?? this.state.nextTs(),
      blocks: undefined,
      metadata: undefined,
      thread_ts: undefined,
      user: this.state.botUserId,
      bot_id: this.state.botId,
      edits: 0,
      deleted: false,
      ...msg,
      channel,
    };
    this.state.noteTs(message.ts);
    this.state.messages.push(message);
    this.signal.notify();
    return structuredClone(message);
  }

  waitFor<T>(check: () => T | undefined | false, opts?: WaitOptions): Promise<T> {
    return this.signal.waitFor(check, opts);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.faults.clear();
    this.state.reset();
  }

  async close(): Promise<void> {
    if (this.server) await stopServer(this.server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    if (url.pathname.startsWith('/api/')) await this.handleApi(url, req, body, res);
    else if (url.pathname.startsWith('/response/')) await this.handleResponseUrl(url, req, body, res);
    else if (url.pathname.startsWith('/upload/')) await this.handleUpload(url, req, body, res);
    else sendJson(res, 404, { ok: false, error: 'not_found' });
    this.signal.notify();
  }

  private async handleApi(url: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const parsed = await parseArgs(req, body);
    const args = { ...queryRecord(url), ...parsed };
    const token = bearerToken(req) ?? (typeof args.token === 'string' ? args.token : null);
    delete args.token;
    this.calls.push({ method, args, token, at: Date.now() });
    if (this.applyFault(method, req, res)) return;
    if (!parsed) return sendJson(res, 200, { ok: false, error: 'invalid_json' });
    if (method === 'apps.connections.open') {
      // Socket Mode: called with the app-level token; answers the fake's WebSocket URL (see fake-socket-mode.ts).
      const ok = token?.startsWith('xapp-') && this.socketModeUrl;
      return sendJson(
        res,
        200,
        ok ? { ok: true, url: this.socketModeUrl } : { ok: false, error: 'invalid_auth' },
      );
    }
    if (method === 'oauth.v2.access') return sendJson(res, 200, this.oauth.access(args, basicAuth(req)));
    const caller = this.callerFor(token);
    if (!isCaller(caller)) return sendJson(res, 200, caller);
    const run = METHODS[method];
    const result = run ? run(args, this.state, caller) : { ok: false, error: 'unknown_method' };
    // The method has taken effect; a slow answer (setLatency) widens the window in which a crash loses it.
    const latency = this.latency.get(method);
    if (latency === Number.POSITIVE_INFINITY) return;
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    sendJson(res, 200, result);
  }

  private async handleResponseUrl(
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    if (this.applyFault('response_url', req, res)) return;
    const parsed = (await parseArgs(req, body)) ?? {};
    const invalid = this.state.checkPayload(`response_url ${url.pathname}`, parsed, false);
    if (invalid) return sendJson(res, 200, invalid);
    this.responses.push({ url: `${this.origin}${url.pathname}`, body: parsed });
    sendJson(res, 200, { ok: true });
  }

  private async handleUpload(
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    if (this.applyFault('upload', req, res)) return;
    const bytes = await uploadedBytes(req, body);
    const fileId = decodeURIComponent(url.pathname.slice('/upload/'.length));
    if (!receiveUpload(this.state, fileId, bytes)) return sendRaw(res, 404, 'file not found', 'text/plain');
    sendRaw(res, 200, `OK - ${bytes.length}`, 'text/plain');
  }

  /**
   * The workspace a token belongs to: the default one (botToken), or one added with addWorkspace. With
   * neither a botToken nor workspaces, any token is the default workspace's (helper self-tests).
   */
  private callerFor(token: string | null): Caller | { ok: false; error: string } {
    const fallback = defaultCaller(this.state.botUserId, this.state.botId);
    if (token !== null && token === this.opts.botToken) return fallback;
    if (!this.opts.botToken && this.oauth.size === 0) return fallback;
    const caller = this.oauth.caller(token);
    return isCaller(caller) ? caller : { ok: false, error: String(caller.error) };
  }

  /** Answers with the next queued fault for `method`, if any; true when it did. */
  private applyFault(method: string, req: IncomingMessage, res: ServerResponse): boolean {
    const fault = this.faults.take((key) => key === method);
    if (!fault) return false;
    if (fault.dropConnection) {
      req.socket.destroy();
      return true;
    }
    const status = fault.status ?? (fault.retryAfterSec !== undefined ? 429 : 200);
    const headers: Record<string, string> =
      status === 429 ? { 'retry-after': String(fault.retryAfterSec ?? 1) } : {};
    const error =
      fault.error ?? (status === 429 ? 'ratelimited' : status === 200 ? 'fatal_error' : 'internal_error');
    sendJson(res, status, { ok: false, error }, headers);
    return true;
  }

  private recentCalls(): string {
    const recent = this.calls
      .slice(-8)
      .map((c) => `${c.method}${typeof c.args.channel === 'string' ? `(${c.args.channel})` : ''}`);
    return `Recent Slack calls (${this.calls.length} total): ${recent.join(', ') || 'none'}`;
  }
}

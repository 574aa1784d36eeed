// The fake workspace's records and the small helpers every method area uses.
import type { Caller } from './oauth.js';
import type { SlackState } from './state.js';

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  thread_ts: string | undefined;
  user: string;
  bot_id: string;
  edits: number;
  deleted: boolean;
}
export interface ChannelSettings {
  member?: boolean;
  archived?: boolean;
  name?: string;
  isPrivate?: boolean;
}
export interface ChannelInfo {
  id: string;
  name: string;
  member: boolean;
  archived: boolean;
  isPrivate: boolean;
  isIm: boolean;
}
export interface FakeView {
  id: string;
  externalId: string | undefined;
  hash: string;
  view: Record<string, unknown>;
  via: 'open' | 'push' | 'publish';
  updates: number;
}
export interface FakeFile {
  id: string;
  filename: string;
  length: number;
  title: string | undefined;
  content: Buffer | undefined;
  completed: boolean;
  channelId: string | undefined;
  initialComment: string | undefined;
  threadTs: string | undefined;
}
export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  ts: string;
}

export type SlackArgs = Record<string, unknown>;
export type SlackResult = { ok: boolean } & Record<string, unknown>;
/**
 * One Web API method; add an entry to an area's table to teach the fake a new method. `caller` is the
 * workspace the call's token belongs to.
 */
export type MethodTable = Record<string, (args: SlackArgs, state: SlackState, caller: Caller) => SlackResult>;

export const TEAM_ID = 'T0001';
export const fail = (error: string, extra: Record<string, unknown> = {}): SlackResult => ({
  ok: false,
  error,
  ...extra,
});
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
export const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;

export function formatTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}
export function parseTs(ts: string): number {
  const [sec = '', frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** What users.info tells about a person; unset flags take the workspace default (see SlackState). */
export interface FakeUser {
  tz?: string;
  name?: string;
  team_id?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  deleted?: boolean;
}

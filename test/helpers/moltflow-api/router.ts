// A tiny path router for the fake MoltFlow API: '/leads/:id/status' patterns or RegExps, first match wins
// (so list static paths like '/leads/export/csv' before '/leads/:id' in a route table).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MoltflowState } from './state.js';

export type PathPattern = string | RegExp;

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  state: MoltflowState;
  /** For handlers that stream (SSE): write here yourself, include `headers`, and return undefined. */
  req: IncomingMessage;
  res: ServerResponse;
  headers: Record<string, string>;
}

export interface RouteAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  path: PathPattern;
  handle(ctx: RouteContext): RouteAnswer | undefined;
}

/** Path parameters when `pattern` matches `path`, else undefined. */
export function matchPath(pattern: PathPattern, path: string): Record<string, string> | undefined {
  if (pattern instanceof RegExp) {
    const m = pattern.exec(path);
    return m ? { ...m.groups } : undefined;
  }
  if (!pattern.includes(':')) return pattern === path ? {} : undefined;
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) {
      if (!actual) return undefined;
      params[segment.slice(1)] = decodeURIComponent(actual);
    } else if (segment !== actual) return undefined;
  }
  return params;
}

export const json = (status: number, body: unknown): RouteAnswer => ({ status, body });
export const detail = (status: number, message: string): RouteAnswer => json(status, { detail: message });

/** FastAPI's 422 shape: a list of {loc, msg, type}. */
export function invalid(loc: (string | number)[], msg: string, type = 'value_error'): RouteAnswer {
  return json(422, { detail: [{ loc, msg, type }] });
}

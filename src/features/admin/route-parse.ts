// Reads `/moltflow route <group name or id> <#channel>`. Slack sends a channel picked from the autocomplete
// as `<#C0123|sales>` (or `<#C0123|>` for a private one); a bare id (C…/G…) works too. A plain `#sales`
// carries no id, and guessing by name could pick the wrong channel, so it is refused with a hint.
import { decodeCommandText } from '../../slack/command-text.js';

export type RouteRequest =
  | { ok: true; group: string; channel: string }
  | { ok: false; problem: 'usage' | 'no_group' | 'channel_name'; typed?: string };

const MENTION = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const BARE_ID = /^[CG][A-Z0-9]{8,}$/;

export function parseRouteRequest(text: string): RouteRequest {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const last = tokens.at(-1);
  if (!last) return { ok: false, problem: 'usage' };
  const channel = MENTION.exec(last)?.[1] ?? (BARE_ID.test(last) ? last : null);
  if (!channel) {
    const named = /^#[\w.-]+$/.exec(last) ?? /^&lt;#[^&]*&gt;$/.exec(last);
    return named ? { ok: false, problem: 'channel_name', typed: last } : { ok: false, problem: 'usage' };
  }
  const group = decodeCommandText(tokens.slice(0, -1).join(' '))
    .trim()
    .replace(/^["“](.*)["”]$/, '$1')
    .trim();
  return group === '' ? { ok: false, problem: 'no_group' } : { ok: true, group, channel };
}

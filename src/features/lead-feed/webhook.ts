// Push mode: MoltFlow calls POST /moltflow/webhook on lead.detected, so a card is in Slack within a second
// instead of at the next poll. Every delivery is verified (HMAC-SHA256 over the raw body), answered 200 at
// once, and worked on after; a lead goes through the same exactly-once path as the poller's, so a repeated
// delivery, or the poller finding the same lead, never makes a second card. Polling stays the safety net.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { MoltflowClient } from '../../api/client.js';
import { getLead, LeadWireSchema } from '../../api/leads.js';
import type { ChangeFeed } from '../../changes.js';
import type { Lead } from '../../domain/lead.js';
import type { Logger } from '../../log.js';
import { dateToken, escapeMrkdwn, truncate } from '../../slack/blocks.js';
import type { Store } from '../../store/index.js';
import type { CardPosterDeps } from './card-service.js';
import { postRoutedCard } from './routing.js';

export const WEBHOOK_PATH = '/moltflow/webhook';
const MAX_BODY_BYTES = 1024 * 1024;

const Envelope = z.object({
  event: z.string().min(1).max(100),
  timestamp: z.string().max(100),
  data: z.record(z.string(), z.unknown()),
});
type Envelope = z.infer<typeof Envelope>;

/**
 * `X-Webhook-Signature` as MoltFlow may send it (its docs leave the encoding open): hex, `sha256=`-prefixed
 * hex, or base64 of HMAC-SHA256(secret, raw body). Compared in constant time.
 */
export function verifyWebhookSignature(raw: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const mac = createHmac('sha256', secret).update(raw).digest();
  const given = header.trim().replace(/^sha256=/i, '');
  const candidates = /^[0-9a-f]{64}$/i.test(given) ? [Buffer.from(given, 'hex')] : [];
  if (/^[A-Za-z0-9+/]{43}=?$/.test(given)) candidates.push(Buffer.from(given, 'base64'));
  return candidates.some((c) => c.length === mac.length && timingSafeEqual(c, mac));
}

/** What /moltflow status shows about push deliveries (this process's view). */
export class WebhookStats {
  accepted = 0;
  refused = 0;
  lastDeliveryAt: Date | null = null;
}

export interface WebhookDeps {
  secret: string | undefined;
  moltflow: MoltflowClient;
  slack: webApi.WebClient;
  /** The non-retrying client card posts use (see postLeadCard). */
  poster: webApi.WebClient;
  store: Store;
  logger: Logger;
  channel: string;
  stats: WebhookStats;
  now: () => Date;
  /** Work still running after the 200, so shutdown can wait for it. */
  track: (work: Promise<unknown>) => void;
  /** Told when a pushed lead's card is posted (the App Home). */
  changes?: ChangeFeed;
}

/** The HTTP handler for POST /moltflow/webhook (HTTP mode's custom route, or Socket Mode's small server). */
export function handleWebhook(deps: WebhookDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void receive(deps, req, res).catch((error) => {
      deps.logger.warn('webhook delivery failed before it was answered', { error });
      if (!res.headersSent) answer(res, 500, { error: 'internal' });
    });
  };
}

async function receive(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!deps.secret) {
    req.resume();
    return answer(res, 404, { error: 'not_found' }); // push mode is off until a secret is configured
  }
  const raw = await readCapped(req, MAX_BODY_BYTES);
  if (raw === null) {
    deps.stats.refused += 1;
    return answer(res, 413, { error: 'too_large' });
  }
  if (!verifyWebhookSignature(raw, header(req, 'x-webhook-signature'), deps.secret)) {
    deps.stats.refused += 1;
    deps.logger.warn('webhook delivery refused: missing or wrong signature');
    return answer(res, 401, { error: 'bad_signature' });
  }
  let envelope: Envelope;
  try {
    envelope = Envelope.parse(JSON.parse(raw.toString('utf8')));
  } catch {
    deps.stats.refused += 1;
    return answer(res, 400, { error: 'not_an_envelope' });
  }
  deps.stats.accepted += 1;
  deps.stats.lastDeliveryAt = deps.now();
  answer(res, 200, { ok: true });
  deps.track(
    work(deps, envelope).catch((error) =>
      deps.logger.warn('could not act on a webhook delivery; the poller will catch up', {
        event: envelope.event,
        error,
      }),
    ),
  );
}

async function work(deps: WebhookDeps, envelope: Envelope): Promise<void> {
  switch (envelope.event) {
    case 'lead.detected': {
      const lead = await leadOf(deps, envelope.data);
      if (!lead) return;
      const posterDeps: CardPosterDeps = {
        poster: deps.poster,
        store: deps.store,
        logger: deps.logger,
        now: deps.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        leadsChannel: deps.channel,
        ...(deps.changes ? { changes: deps.changes } : {}),
      };
      const outcome = await postRoutedCard(posterDeps, deps.channel, lead);
      deps.logger.info('lead pushed by webhook', { leadId: lead.id, outcome: outcome.kind });
      return;
    }
    case 'session.disconnected':
    case 'session.connected':
      return tellSessionChange(deps, envelope);
    default:
      deps.logger.debug('webhook event ignored', { event: envelope.event });
  }
}

/** The lead in `data` when it carries the lead's fields; otherwise read by the id it names. */
async function leadOf(deps: WebhookDeps, data: Record<string, unknown>): Promise<Lead | null> {
  const nested = typeof data.lead === 'object' && data.lead !== null ? (data.lead as object) : data;
  const carried = LeadWireSchema.safeParse({ lead_status: 'new', ...nested });
  if (carried.success && 'contact_phone' in nested) return carried.data;
  const id = [data.lead_id, data.id].find(
    (v): v is string => typeof v === 'string' && /^[\w-]{1,128}$/.test(v),
  );
  if (!id) {
    deps.logger.warn('lead.detected delivery names no lead');
    return null;
  }
  return getLead(deps.moltflow, id);
}

async function tellSessionChange(deps: WebhookDeps, envelope: Envelope): Promise<void> {
  const d = envelope.data;
  const pick = (...keys: string[]) => keys.map((k) => d[k]).find((v): v is string => typeof v === 'string');
  const sessionId = pick('session_id', 'id') ?? 'unknown';
  // MoltFlow retries deliveries: one message per session change, however often it arrives.
  if (
    !(await deps.store.idempotency.claim(
      `webhook:${envelope.event}:${sessionId}:${envelope.timestamp}`,
      deps.now(),
    ))
  ) {
    return;
  }
  const number = pick('phone_number', 'phone', 'name', 'session_name') ?? sessionId;
  const who = `*${truncate(escapeMrkdwn(number), 100)}*`;
  const at = Date.parse(envelope.timestamp);
  const when = dateToken(Number.isNaN(at) ? deps.now() : new Date(at));
  const text =
    envelope.event === 'session.disconnected'
      ? `:warning: WhatsApp number ${who} disconnected ${when}. Lead detection and sends from it stop until it reconnects.`
      : `:white_check_mark: WhatsApp number ${who} is connected again (${when}). Lead detection and sends from it resume.`;
  await deps.slack.chat.postMessage({ channel: deps.channel, text, unfurl_links: false });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The raw body, or null once it passes `max` bytes (the rest is drained, not buffered). */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

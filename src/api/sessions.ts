// WhatsApp sessions: the bot needs them to pick who sends (only `working` sessions can). And webhooks, below.
import { z } from 'zod';
import type { MoltflowClient } from './client.js';
import { decodeList } from './lists.js';

export interface WhatsappSession {
  id: string;
  name: string;
  status: string;
  phoneNumber: string | null;
}

// The phone field is undocumented; accept the two likely spellings. A nameless session shows its id,
// so a picker never offers a blank option.
const SessionWireSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    status: z.string(),
    phone_number: z.string().nullish(),
    phone: z.string().nullish(),
  })
  .transform(
    (w): WhatsappSession => ({
      id: w.id,
      name: w.name || w.id,
      status: w.status,
      phoneNumber: w.phone_number ?? w.phone ?? null,
    }),
  );

/** GET /sessions: a bare array per the reference script, but `items`/`sessions` envelopes are accepted. */
export async function listSessions(client: MoltflowClient): Promise<WhatsappSession[]> {
  const body = await client.request({ method: 'GET', path: '/sessions', schema: z.unknown() });
  return decodeList(body, SessionWireSchema, ['sessions']).items;
}

export function workingSessions(sessions: readonly WhatsappSession[]): WhatsappSession[] {
  return sessions.filter((s) => s.status === 'working');
}

// Webhooks (moltflow-api.md §6.4) live here too: like sessions they are account-level settings, and src/api
// keeps to 15 files. The create body carries the signing secret; no answer is decoded into anything that
// would hold it, and the client never logs bodies.

export interface MoltflowWebhook {
  id: string;
  name: string | null;
  url: string;
  events: string[];
  /** null when MoltFlow does not say. */
  active: boolean | null;
}

// Documented 201 shape: {id, name, url, events, is_active, created_at}. `active` is accepted as a spelling;
// events that are not strings are dropped rather than hiding the webhook.
const WebhookWireSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().nullish(),
    url: z.string(),
    events: z.array(z.unknown()).nullish(),
    is_active: z.boolean().nullish(),
    active: z.boolean().nullish(),
  })
  .transform(
    (w): MoltflowWebhook => ({
      id: w.id,
      name: w.name ?? null,
      url: w.url,
      events: (w.events ?? []).filter((e): e is string => typeof e === 'string'),
      active: w.is_active ?? w.active ?? null,
    }),
  );

/** GET /webhooks: a bare array, `items` or `webhooks`. */
export async function listWebhooks(client: MoltflowClient): Promise<MoltflowWebhook[]> {
  const body = await client.request({ method: 'GET', path: '/webhooks', schema: z.unknown() });
  return decodeList(body, WebhookWireSchema, ['webhooks']).items;
}

export interface NewWebhook {
  name: string;
  url: string;
  events: readonly string[];
  secret: string;
}

/** POST /webhooks. Not retried (a retry after an unclear failure could register it twice). */
export function createWebhook(client: MoltflowClient, webhook: NewWebhook): Promise<MoltflowWebhook> {
  const body = { name: webhook.name, url: webhook.url, events: [...webhook.events], secret: webhook.secret };
  return client.request({ method: 'POST', path: '/webhooks', body, schema: WebhookWireSchema });
}

/** DELETE /webhooks/{id}. */
export async function deleteWebhook(client: MoltflowClient, id: string): Promise<void> {
  await client.request({
    method: 'DELETE',
    path: `/webhooks/${encodeURIComponent(id)}`,
    schema: z.unknown(),
  });
}

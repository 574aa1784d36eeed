// /webhooks routes (moltflow-api.md §6.4): the account's push targets. The create body is
// {name?, url, events, secret}; the answer is {id, name, url, events, is_active, created_at}, never the secret.
// HTTPS only, as MoltFlow requires. The list shape is undocumented; a bare array is chosen here (the app
// accepts `items`/`webhooks` too). Seed with `webhooks(fake.state).add({ url })`.
import { randomUUID } from 'node:crypto';
import { detail, invalid, json, type Route } from './router.js';
import type { MoltflowState } from './state.js';

export interface FakeWebhook {
  id: string;
  name: string | null;
  url: string;
  events: string[];
  /** Kept, as MoltFlow keeps it to sign deliveries; tests read it here, the API never returns it. */
  secret: string | null;
  is_active: boolean;
  created_at: string;
}

export class WebhooksState {
  readonly hooks: FakeWebhook[] = [];

  add(input: Partial<FakeWebhook> & { url: string }): FakeWebhook {
    const hook: FakeWebhook = {
      id: randomUUID(),
      name: null,
      events: ['lead.detected'],
      secret: null,
      is_active: true,
      created_at: new Date().toISOString(),
      ...input,
    };
    this.hooks.push(hook);
    return hook;
  }
}

export const webhooks = (state: MoltflowState): WebhooksState =>
  state.area('webhooks', () => new WebhooksState());

const wire = ({ secret: _, ...hook }: FakeWebhook) => hook;

export const webhookRoutes: Route[] = [
  {
    method: 'GET',
    path: '/webhooks',
    handle: ({ state }) => json(200, webhooks(state).hooks.map(wire)),
  },
  {
    method: 'POST',
    path: '/webhooks',
    handle: ({ state, body }) => {
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b.url !== 'string') return invalid(['body', 'url'], 'Field required', 'missing');
      if (!b.url.startsWith('https://')) return detail(400, 'Webhook URL must use HTTPS');
      const events = b.events;
      if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string'))
        return invalid(['body', 'events'], 'At least one event is required');
      const hook = webhooks(state).add({
        url: b.url,
        name: typeof b.name === 'string' ? b.name : null,
        events: events as string[],
        secret: typeof b.secret === 'string' ? b.secret : null,
      });
      return json(201, wire(hook));
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/:id',
    handle: ({ state, params }) => {
      const list = webhooks(state).hooks;
      const i = list.findIndex((h) => h.id === params.id);
      if (i < 0) return detail(404, 'Webhook not found');
      list.splice(i, 1);
      return json(200, { status: 'deleted', id: params.id });
    },
  },
];

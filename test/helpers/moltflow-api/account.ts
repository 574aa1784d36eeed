// Account-level routes: WhatsApp sessions (a bare array, as quickstart.py reads it) and current usage.
import { json, type Route } from './router.js';

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sessions',
    handle: ({ state }) => json(200, state.sessions),
  },
  {
    method: 'GET',
    path: '/usage/current',
    handle: ({ state }) =>
      json(200, {
        period: '2026-02',
        plan: state.plan,
        messages_sent: 12,
        messages_received: 30,
        total_messages: 42,
        limit_messages: 50,
        usage_percentage: 84,
        leads_detected: state.leads.length,
        api_calls: 0,
      }),
  },
];

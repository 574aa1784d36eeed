// WhatsApp sessions: the bot needs them to pick who sends (only `working` sessions can).
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

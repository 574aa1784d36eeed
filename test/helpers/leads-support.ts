// Payloads and helpers shared by the /leads integration tests: the clicks Slack sends from an ephemeral
// message (no `message` copy, `container.is_ephemeral`) and from an overflow menu.
import { expect } from 'vitest';
import type { World } from './harness.js';
import { blockActionPayload, postInteraction, postSlashCommand } from './signed-request.js';

export const USER = 'U0ANA';
export const COMMAND_CHANNEL = 'C0WORK01';

type Message = { text?: string; blocks?: unknown[]; replace_original?: boolean; response_type?: string };

/** A slash command; resolves with the ack's JSON body (undefined when the ack was empty). */
export async function slash(
  world: World,
  eventsUrl: string,
  secret: string,
  text: string,
  responseUrl?: string,
) {
  const res = await postSlashCommand(eventsUrl, secret, {
    command: '/leads',
    text,
    userId: USER,
    channelId: COMMAND_CHANNEL,
    responseUrl: responseUrl ?? world.slack.responseUrl(),
  });
  expect(res.status).toBe(200);
  return res.json as Message | undefined;
}

/** The n-th (1-based) answer posted to one response_url. */
export function responseAt(world: World, url: string, n = 1): Promise<Message> {
  return world.slack.waitFor(
    () => world.slack.responses.filter((r) => r.url === url)[n - 1]?.body as Message,
  );
}

/** A button in an ephemeral message (a /leads page or a /leads show detail). */
export function ephemeralButton(a: {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
}) {
  const payload = blockActionPayload({
    actionId: a.actionId,
    value: a.value,
    userId: a.userId ?? USER,
    channelId: COMMAND_CHANNEL,
    messageTs: '1700000999.000100',
    responseUrl: a.responseUrl,
  }) as Record<string, unknown>;
  payload.container = {
    type: 'message',
    message_ts: '1700000999.000100',
    channel_id: COMMAND_CHANNEL,
    is_ephemeral: true,
  };
  delete payload.message;
  return payload;
}

/** A choice in a row's overflow menu on an ephemeral /leads page. */
export function overflowChoice(a: { blockId: string; value: string; responseUrl: string }) {
  const payload = ephemeralButton({ actionId: 'lead_list_row', value: a.value, responseUrl: a.responseUrl });
  payload.actions = [
    {
      type: 'overflow',
      action_id: 'lead_list_row',
      block_id: a.blockId,
      selected_option: { text: { type: 'plain_text', text: 'x' }, value: a.value },
      action_ts: `${(Date.now() / 1000).toFixed(6)}`,
    },
  ];
  return payload;
}

export function click(eventsUrl: string, secret: string, payload: object) {
  return postInteraction(eventsUrl, secret, payload).then((res) => {
    expect(res.status).toBe(200);
    return res;
  });
}

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { options?: { value: string }[] };
  elements?: { action_id?: string; value?: string }[];
};

export const rowsOf = (message: Message) =>
  ((message.blocks ?? []) as Block[]).filter((b) => b.type === 'section' && b.accessory !== undefined);
export const buttonsOf = (message: Message) =>
  ((message.blocks ?? []) as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

// Every modal a command can open, submitted again and again with hostile and random values in every field:
// always acked, field errors only on real input blocks, no crash, nothing planted in what goes back to Slack.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorld, LEADS_CHANNEL, SIGNING_SECRET, type TestApp, type World } from '../helpers/harness.js';
import { customGroups } from '../helpers/moltflow-api/custom-groups.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  viewSubmissionPayload,
} from '../helpers/signed-request.js';
import { HOSTILE_STRINGS, mulberry32, PLANTED, parsedTexts, randomText } from './hostile.js';

type Block = { type: string; block_id?: string; element?: Element; optional?: boolean };
type Element = {
  type: string;
  action_id?: string;
  options?: Option[];
  option_groups?: { options: Option[] }[];
};
type Option = { text: { type: string; text: string }; value: string };

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint?: string }[] };
};
const SUBMISSIONS_PER_MODAL = 12;

describe('modals under hostile input', () => {
  let world: World;
  let app: TestApp;
  const modals: { opener: string; view: { id: string; hash: string; view: Record<string, unknown> } }[] = [];

  beforeAll(async () => {
    world = await createWorld();
    world.moltflow.addLeads(5);
    customGroups(world.moltflow.state).add('Fuzz group', [
      { phone: '+15550100001' },
      { phone: '+15550100002' },
    ]);
    app = await world.startApp();
    world.moltflow.setSessions([
      { name: 'Phone A', status: 'working' },
      { name: 'Phone B', status: 'working' },
    ]);
    await app.service.pollOnce(); // lead cards, whose buttons open modals too
    // Open every modal reachable from a command word, and keep each one once it shows its inputs.
    for (const { command, usage_hint } of manifest.features.slash_commands) {
      const words = ['', ...new Set(usage_hint?.match(/(?<![<\w])[a-z][a-z-]+(?![\w>])/g) ?? [])];
      for (const word of words) {
        const before = {
          views: world.slack.views.length,
          calls: world.slack.calls.length,
          responses: world.slack.responses.length,
        };
        const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
          command,
          text: word,
          responseUrl: world.slack.responseUrl(),
          triggerId: `${Date.now()}.2.fuzz`,
        });
        // Wait for the command's answer (event-driven); only a modal that opened is waited on for its inputs.
        const answeredInAck = typeof res.json === 'object' && res.json !== null && 'text' in res.json;
        if (!answeredInAck) {
          await world.slack
            .waitFor(
              () =>
                world.slack.views.length > before.views ||
                world.slack.responses.length > before.responses ||
                world.slack.calls.slice(before.calls).some((c) => c.method === 'chat.postEphemeral'),
              { timeoutMs: 5_000 },
            )
            .catch(() => undefined);
        }
        if (world.slack.views.length === before.views) continue;
        const opened = await world.slack
          .waitFor(() => world.slack.views.slice(before.views).find((v) => inputs(v.view).length > 0), {
            timeoutMs: 5_000,
          })
          .catch(() => undefined);
        if (opened) modals.push({ opener: `${command} ${word}`.trim(), view: opened });
      }
    }
    // Then every button on the lead cards and in the commands' answers.
    const buttons = [
      ...world.slack
        .messages(LEADS_CHANNEL)
        .flatMap((m) => buttonsIn(m.blocks).map((b) => ({ b, ts: m.ts }))),
      ...world.slack.responses.flatMap((r) => buttonsIn(r.body.blocks).map((b) => ({ b, ts: '' }))),
    ];
    for (const { b, ts } of buttons.slice(0, 40)) {
      const before = {
        views: world.slack.views.length,
        calls: world.slack.calls.length,
        responses: world.slack.responses.length,
      };
      await postInteraction(
        app.eventsUrl,
        SIGNING_SECRET,
        blockActionPayload({
          actionId: b.action_id,
          value: b.value,
          channelId: LEADS_CHANNEL,
          messageTs: ts || '1.000001',
          responseUrl: world.slack.responseUrl(),
        }),
      );
      // Event-driven: the click is answered by a modal, a redraw, a private note or a reply.
      await world.slack
        .waitFor(
          () =>
            world.slack.responses.length > before.responses ||
            world.slack.calls
              .slice(before.calls)
              .some((c) =>
                ['views.open', 'chat.update', 'chat.postEphemeral', 'chat.postMessage'].includes(c.method),
              ),
          { timeoutMs: 5_000 },
        )
        .catch(() => undefined);
    }
    // Modals opened by clicks fill in asynchronously (a loading view, then its form): take each distinct one.
    await world.slack
      .waitFor(() => world.slack.views.filter((v) => inputs(v.view).length > 0).length >= modals.length + 2, {
        timeoutMs: 5_000,
      })
      .catch(() => undefined);
    for (const view of world.slack.views) {
      const id = view.view.callback_id;
      if (inputs(view.view).length > 0 && !modals.some((m) => m.view.view.callback_id === id)) {
        modals.push({ opener: `button → ${String(id)}`, view });
      }
    }
  }, 120_000);
  afterAll(async () => {
    await world.close();
  });

  it('finds every modal the app opens from a command or a card button', () => {
    const openers = modals.map((m) => m.opener).join(', ');
    for (const expected of [
      '/leads bulk',
      '/groups create',
      '/bulksend',
      '/schedule',
      'lead_add_to_group',
      'lead_reciprocity',
    ]) {
      expect(openers).toContain(expected);
    }
  });

  it('answers every fuzzed submission of every modal cleanly', async () => {
    const random = mulberry32(424242);
    for (const modal of modals) {
      const blocks = inputs(modal.view.view);
      const blockIds = new Set(blocks.map((b) => b.block_id));
      for (let round = 0; round < SUBMISSIONS_PER_MODAL; round += 1) {
        const values = Object.fromEntries(
          blocks.map((b) => [
            b.block_id,
            { [b.element?.action_id ?? 'value']: fuzzValue(b.element, random, round) },
          ]),
        );
        const payload = viewSubmissionPayload({
          callbackId: String(modal.view.view.callback_id ?? ''),
          values: values as Record<string, Record<string, unknown>>,
          privateMetadata: String(modal.view.view.private_metadata ?? ''),
          viewId: modal.view.id,
          hash: modal.view.hash,
          userId: 'U0FUZZER',
        }) as { view: Record<string, unknown> };
        payload.view.blocks = modal.view.view.blocks;
        const callsBefore = world.slack.calls.length;
        const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, payload);

        expect(res.status, `${modal.opener} round ${round}`).toBe(200);
        const body = res.json as { response_action?: string; errors?: Record<string, string> } | null;
        if (body?.response_action === 'errors') {
          for (const key of Object.keys(body.errors ?? {}))
            expect(blockIds, `${modal.opener}: error key ${key}`).toContain(key);
        }
        const sent = [body, ...world.slack.calls.slice(callsBefore).map((c) => c.args)];
        for (const text of sent.flatMap(parsedTexts))
          for (const planted of PLANTED) expect(text).not.toContain(planted);
      }
    }
    expect(app.logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
    expect(world.slack.rejections).toEqual([]);
  }, 120_000);
});

function buttonsIn(blocks: unknown): { action_id: string; value?: string }[] {
  return (
    (blocks as {
      type: string;
      elements?: { type: string; action_id: string; value?: string }[];
      accessory?: { type: string; action_id: string; value?: string };
    }[]) ?? []
  )
    .flatMap((block) => [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])])
    .filter((el) => el.type === 'button' && !/delete|cancel|remove/.test(el.action_id));
}

function inputs(view: Record<string, unknown>): Block[] {
  return ((view.blocks as Block[] | undefined) ?? []).filter(
    (b) => b.type === 'input' && b.block_id && b.element,
  );
}

function fuzzValue(
  element: Element | undefined,
  random: () => number,
  round: number,
): Record<string, unknown> {
  const text =
    round < HOSTILE_STRINGS.length
      ? (HOSTILE_STRINGS[(round * 7) % HOSTILE_STRINGS.length] ?? '')
      : randomText(random, []);
  const options = [...(element?.options ?? []), ...(element?.option_groups ?? []).flatMap((g) => g.options)];
  const pick = (): Option =>
    random() < 0.7 && options.length > 0
      ? (options[Math.floor(random() * options.length)] as Option)
      : { text: { type: 'plain_text', text: text.slice(0, 75) || 'x' }, value: text.slice(0, 75) || 'x' };
  const type = element?.type ?? 'plain_text_input';
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: random() < 0.1 ? null : pick() };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: Array.from({ length: Math.floor(random() * 4) }, pick) };
    case 'datepicker':
      return {
        type,
        selected_date:
          random() < 0.5
            ? `20${10 + Math.floor(random() * 30)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`
            : text.slice(0, 20),
      };
    case 'timepicker':
      return {
        type,
        selected_time:
          random() < 0.5
            ? `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`
            : text.slice(0, 10),
      };
    case 'datetimepicker':
      return { type, selected_date_time: Math.floor(random() * 4e9) };
    case 'users_select':
      return { type, selected_user: random() < 0.5 ? 'U0FUZZ0002' : text.slice(0, 20) };
    case 'conversations_select':
    case 'channels_select':
      return { type, selected_conversation: 'C0FUZZ0002', selected_channel: 'C0FUZZ0002' };
    default:
      return { type, value: random() < 0.1 ? null : text };
  }
}

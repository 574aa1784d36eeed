// Drives /groups the way Slack does (signed commands, clicks, menu picks, modal submissions) against the
// real app, and reads back what the person would see. Shared by the groups-*.test.ts files.
import { expect } from 'vitest';
import type { FakeView } from '../../helpers/fake-slack.js';
import { SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import { customGroups, type FakeGroup } from '../../helpers/moltflow-api/custom-groups.js';
import {
  blockActionPayload,
  postInteraction,
  postSlashCommand,
  type SlackHttpResult,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';

export const CHANNEL = 'C0GROUPS1';
export const USER = 'U0ANA';

export type Block = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: { action_id: string; value?: string; confirm?: { text: { text: string } } }[];
  accessory?: { action_id: string; options: { value: string }[] };
};
export type Reply = { text: string; blocks?: Block[]; replace_original?: boolean; response_type?: string };

export class GroupsDriver {
  constructor(
    readonly world: World,
    readonly app: TestApp,
  ) {}

  get groups() {
    return customGroups(this.world.moltflow.state);
  }
  group(name: string): FakeGroup {
    const found = this.groups.groups.find((g) => g.name === name);
    if (!found) throw new Error(`no fake group ${name}`);
    return found;
  }

  /** Runs `/groups <text>`; answers after the ack land in `world.slack.responses` under this URL. */
  async command(text: string, opts: { userId?: string; channelId?: string } = {}) {
    const responseUrl = this.world.slack.responseUrl();
    const res = await postSlashCommand(this.app.eventsUrl, SIGNING_SECRET, {
      command: '/groups',
      text,
      userId: opts.userId ?? USER,
      channelId: opts.channelId ?? CHANNEL,
      responseUrl,
    });
    expect(res.status).toBe(200);
    return { res, responseUrl, reply: () => this.replyTo(responseUrl) };
  }

  /** The first thing posted to `responseUrl`. */
  async replyTo(responseUrl: string, index = 0): Promise<Reply> {
    const found = await this.world.slack.waitFor(
      () => this.world.slack.responses.filter((r) => r.url === responseUrl)[index],
    );
    return found.body as unknown as Reply;
  }

  /** Clicks a button; `value` as the button carried it. */
  async click(actionId: string, value: string, opts: { blockId?: string; userId?: string } = {}) {
    const responseUrl = this.world.slack.responseUrl();
    const res = await postInteraction(
      this.app.eventsUrl,
      SIGNING_SECRET,
      blockActionPayload({
        actionId,
        value,
        blockId: opts.blockId ?? 'actions',
        userId: opts.userId ?? USER,
        channelId: CHANNEL,
        messageTs: '1700000000.000100',
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    return { res, responseUrl, reply: (i = 0) => this.replyTo(responseUrl, i) };
  }

  /** Picks an option of the "…" menu on a group in the list. */
  async menu(value: string) {
    const payload = blockActionPayload({
      actionId: 'group_menu',
      blockId: 'group.x',
      userId: USER,
      channelId: CHANNEL,
      messageTs: '1700000000.000100',
      responseUrl: this.world.slack.responseUrl(),
    }) as { actions: Record<string, unknown>[] };
    payload.actions = [
      {
        type: 'overflow',
        action_id: 'group_menu',
        block_id: 'group.x',
        selected_option: { text: { type: 'plain_text', text: 'x' }, value },
        action_ts: '1700000000.000200',
      },
    ];
    const res = await postInteraction(this.app.eventsUrl, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return res;
  }

  /** The modal as it stands once it has been redrawn `updates` times (the form after "Looking up…"). */
  async modal(updates = 0, index = 0): Promise<FakeView> {
    const view = await this.world.slack.waitFor(() => {
      const v = this.world.slack.views[index];
      return v && v.updates >= updates ? v : undefined;
    });
    return structuredClone(view);
  }

  /** Submits a group form as typed; `hash` defaults to the view's current one. */
  async submit(
    view: FakeView,
    typed: { name?: string; members?: string },
    hash?: string,
  ): Promise<SlackHttpResult> {
    const values: Record<string, Record<string, unknown>> = {};
    if (typed.name !== undefined)
      values.group_name = { name: { type: 'plain_text_input', value: typed.name } };
    if (typed.members !== undefined)
      values.group_members = { members: { type: 'plain_text_input', value: typed.members } };
    const res = await postInteraction(
      this.app.eventsUrl,
      SIGNING_SECRET,
      viewSubmissionPayload({
        callbackId: String(view.view.callback_id),
        viewId: view.id,
        hash: hash ?? view.hash,
        userId: USER,
        privateMetadata: String(view.view.private_metadata ?? ''),
        values,
      }),
    );
    expect(res.status).toBe(200);
    return res;
  }

  /** The modal after the submission's work: the result, or the form again. */
  async settled(view: FakeView): Promise<{ callbackId: string; text: string; view: FakeView }> {
    const after = await this.world.slack.waitFor(() => {
      const v = this.world.slack.views.find((x) => x.id === view.id);
      return v && v.updates > view.updates ? v : undefined;
    });
    const copy = structuredClone(after);
    return { callbackId: String(copy.view.callback_id), text: JSON.stringify(copy.view.blocks), view: copy };
  }
}

/** The ack of a submission that went through: the "working" view. */
export function expectWorking(res: SlackHttpResult): void {
  const body = res.json as { response_action?: string; view?: { blocks: Block[] } };
  expect(body.response_action).toBe('update');
  expect(JSON.stringify(body.view?.blocks)).toContain(':hourglass_flowing_sand:');
}

/** The field errors of a refused submission. */
export function fieldErrors(res: SlackHttpResult): Record<string, string> {
  const body = res.json as { response_action?: string; errors?: Record<string, string> };
  expect(body.response_action).toBe('errors');
  return body.errors ?? {};
}

export const numbers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `+1415555${String(from + i).padStart(4, '0')}`);

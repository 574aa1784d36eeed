// Drives the settings feature through the running app as an admin would: a button click opens a modal
// (fake Slack views.open), a signed view_submission submits it; helpers read what Slack was sent.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { MoltflowSlackOptions } from '../../../src/app.js';
import { SecretBox } from '../../../src/store/secret-box.js';
import { validateView } from '../../helpers/block-kit-rules.js';
import { createWorld, SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import {
  blockActionPayload,
  fakeTriggerId,
  postInteraction,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';

export const ADMIN = 'U0ADMIN';
export const MEMBER = 'U0MEMBER';

export interface SettingsDriver {
  world: World;
  app: TestApp;
  secrets: SecretBox;
  /** Clicks the button; returns the id of the modal Slack opened and the view. */
  open(actionId: string, user?: string): Promise<{ viewId: string; view: Record<string, unknown> }>;
  submit(
    callbackId: string,
    viewId: string,
    values: Record<string, Record<string, unknown>>,
    user?: string,
  ): Promise<Record<string, unknown> | undefined>;
  /** The view Slack holds for `viewId` once it has been updated `after` times or more. */
  updated(viewId: string, after?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSettingsWorld(
  opts: { secrets?: boolean; app?: MoltflowSlackOptions } = {},
): Promise<SettingsDriver> {
  const world = await createWorld();
  world.slack.setUser(MEMBER, { is_admin: false });
  const secrets = new SecretBox(randomBytes(32));
  const app = await world.startApp(
    {},
    { ...(opts.secrets === false ? {} : { secretBox: secrets }), ...opts.app },
  );
  return {
    world,
    app,
    secrets,
    async open(actionId, user = ADMIN) {
      const triggerId = fakeTriggerId();
      const before = world.slack.views.length;
      const payload = blockActionPayload({
        actionId,
        userId: user,
        channelId: 'C0HOME01',
        messageTs: '1.1',
        triggerId,
      });
      const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      const opened = await world.slack.waitFor(() => world.slack.views[before]);
      expect(world.slack.callsTo('views.open').at(-1)?.args.trigger_id).toBe(triggerId);
      expect(validateView(opened.view)).toEqual([]);
      return { viewId: opened.id, view: opened.view };
    },
    async submit(callbackId, viewId, values, user = ADMIN) {
      const payload = viewSubmissionPayload({ callbackId, values, userId: user, viewId });
      const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      const ack = res.json as Record<string, unknown> | undefined;
      if (ack && 'view' in ack) expect(validateView(ack.view)).toEqual([]);
      return ack;
    },
    async updated(viewId, after = 1) {
      const view = await world.slack.waitFor(() => {
        const v = world.slack.views.find((x) => x.id === viewId);
        return v && v.updates >= after ? v.view : undefined;
      });
      expect(validateView(view)).toEqual([]);
      return view;
    },
    close: () => world.close(),
  };
}

/** The Connect form's values with `key` typed in. */
export const keyValues = (key: string) => ({
  moltflow_key: { key: { type: 'plain_text_input', value: key } },
});

export const shown = (v: unknown) => JSON.stringify(v);

// Drives the schedule modal the way Slack does, for the schedule integration tests: payloads beyond
// signed-request.ts (a view submission carrying the modal's real blocks and metadata, a block action from
// inside a modal, an external-select options request, the state values of a filled-in form) and a small
// driver that opens the modal, submits it and walks preview → save.
import { expect } from 'vitest';
import { validateView } from '../../helpers/block-kit-rules.js';
import { SIGNING_SECRET, type TestApp, type World } from '../../helpers/harness.js';
import {
  fakeTriggerId,
  postInteraction,
  postSlashCommand,
  TEST_APP_ID,
  TEST_TEAM_ID,
  viewSubmissionPayload,
} from '../../helpers/signed-request.js';

export interface ShownView {
  id: string;
  hash: string;
  view: Record<string, unknown>;
}

const user = (id: string) => ({ id, username: 'test.user', name: 'test.user', team_id: TEST_TEAM_ID });

/** A submit of `shown` (as Slack holds it now) with these values. */
export function submitPayload(shown: ShownView, values: object, userId = 'U0TESTER'): object {
  const base = viewSubmissionPayload({
    callbackId: String(shown.view.callback_id),
    values: values as Record<string, Record<string, unknown>>,
    privateMetadata: String(shown.view.private_metadata ?? ''),
    viewId: shown.id,
    hash: shown.hash,
    userId,
  }) as { view: Record<string, unknown> };
  // Slack only sends the state of inputs the modal shows.
  const shownIds = new Set(
    ((shown.view.blocks ?? []) as { type: string; block_id?: string }[])
      .filter((b) => b.type === 'input')
      .map((b) => b.block_id),
  );
  const state = Object.fromEntries(Object.entries(values).filter(([id]) => shownIds.has(id)));
  return { ...base, view: { ...base.view, blocks: shown.view.blocks, state: { values: state } } };
}

/** A radio-button choice made inside the modal (an input block with dispatch_action). */
export function modalRadioPayload(
  shown: ShownView,
  a: { actionId: string; blockId: string; value: string; label: string; values: object },
): object {
  return {
    type: 'block_actions',
    user: user('U0TESTER'),
    api_app_id: TEST_APP_ID,
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: shown.id },
    trigger_id: fakeTriggerId(),
    team: { id: TEST_TEAM_ID, domain: 'moltflow-test' },
    is_enterprise_install: false,
    view: {
      ...shown.view,
      id: shown.id,
      hash: shown.hash,
      team_id: TEST_TEAM_ID,
      state: { values: a.values },
    },
    actions: [
      {
        type: 'radio_buttons',
        action_id: a.actionId,
        block_id: a.blockId,
        selected_option: { text: { type: 'plain_text', text: a.label, emoji: true }, value: a.value },
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

/** What Slack sends when someone types into an external select. */
export function suggestionPayload(a: {
  actionId: string;
  blockId: string;
  value: string;
  viewId: string;
}): object {
  return {
    type: 'block_suggestion',
    user: user('U0TESTER'),
    container: { type: 'view', view_id: a.viewId },
    api_app_id: TEST_APP_ID,
    token: 'legacy-verification-token',
    action_id: a.actionId,
    block_id: a.blockId,
    value: a.value,
    team: { id: TEST_TEAM_ID, domain: 'moltflow-test' },
  };
}

export interface FormInput {
  name?: string;
  session?: string | null;
  group?: string | null;
  type?: string;
  date?: string | null;
  time?: string | null;
  weekdays?: string[];
  day?: string | null;
  cron?: string;
  tz?: string | null;
  message?: string;
  media?: string;
}

const picked = (value: string | null | undefined) =>
  value ? { value, text: { type: 'plain_text', text: value } } : null;

/** view.state.values for the schedule modal; leave a field undefined and it is sent empty. */
export function formValues(f: FormInput): object {
  return {
    name: { schedule_name: { type: 'plain_text_input', value: f.name ?? null } },
    session: { schedule_session: { type: 'static_select', selected_option: picked(f.session) } },
    group: { schedule_group: { type: 'static_select', selected_option: picked(f.group) } },
    type: { schedule_type: { type: 'radio_buttons', selected_option: picked(f.type ?? 'one_time') } },
    date: { schedule_date: { type: 'datepicker', selected_date: f.date ?? null } },
    time: { schedule_time: { type: 'timepicker', selected_time: f.time ?? null } },
    weekdays: {
      schedule_weekdays: { type: 'checkboxes', selected_options: (f.weekdays ?? []).map((v) => picked(v)) },
    },
    day_of_month: { schedule_day_of_month: { type: 'static_select', selected_option: picked(f.day) } },
    cron: { schedule_cron: { type: 'plain_text_input', value: f.cron ?? null } },
    timezone: { schedule_timezone: { type: 'external_select', selected_option: picked(f.tz) } },
    message: { schedule_message: { type: 'plain_text_input', value: f.message ?? null } },
    media_url: { schedule_media_url: { type: 'url_text_input', value: f.media ?? null } },
  };
}

export type Block = {
  type: string;
  block_id?: string;
  element?: Record<string, unknown>;
  text?: { text: string };
  elements?: Record<string, unknown>[];
};
export const blocksOf = (v: ShownView) => (v.view.blocks ?? []) as Block[];
export const blockOf = (v: ShownView, id: string) => blocksOf(v).find((b) => b.block_id === id);
export const inputIds = (v: ShownView) =>
  blocksOf(v)
    .filter((b) => b.type === 'input')
    .map((b) => b.block_id);

export interface SubmitAnswer {
  response_action: string;
  view?: Record<string, unknown>;
  errors?: Record<string, string>;
}

export function scheduleDriver(world: World, app: TestApp, channel = 'C0SCHED01') {
  const current = (id: string): ShownView => {
    const fake = world.slack.views.find((v) => v.id === id);
    if (!fake) throw new Error(`no view ${id}`);
    return structuredClone({ id: fake.id, hash: fake.hash, view: fake.view });
  };
  const submit = async (shown: ShownView, input: FormInput): Promise<SubmitAnswer> => {
    const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, submitPayload(shown, formValues(input)));
    expect(res.status).toBe(200);
    return res.json as SubmitAnswer;
  };
  return {
    current,
    submit,
    /** /schedule, then the modal once it has been filled in (callback schedule_modal) or explains why not. */
    async open(opts: { userId?: string; form?: boolean } = {}): Promise<ShownView> {
      const res = await postSlashCommand(app.eventsUrl, SIGNING_SECRET, {
        command: '/schedule',
        channelId: channel,
        ...(opts.userId ? { userId: opts.userId } : {}),
        responseUrl: world.slack.responseUrl('schedule'),
      });
      expect(res.status).toBe(200);
      const want = opts.form === false ? 'schedule_modal_info' : 'schedule_modal';
      const fake = await world.slack.waitFor(() =>
        world.slack.views.find((v) => v.view.callback_id === want && v.updates > 0),
      );
      return current(fake.id);
    },
    /** Submit (expecting the preview), then submit the previewed modal; returns the preview. */
    async preview(shown: ShownView, input: FormInput): Promise<ShownView> {
      const answer = await submit(shown, input);
      expect(answer.response_action).toBe('update');
      expect(validateView(answer.view)).toEqual([]);
      expect(world.moltflow.requestsTo('POST', '/scheduled-messages')).toHaveLength(0);
      return { ...shown, view: answer.view ?? {} };
    },
    /** Picks another "How often" in the modal, as a person would, and waits for the redrawn modal. */
    async switchType(shown: ShownView, type: string, typed: FormInput = {}): Promise<ShownView> {
      const payload = modalRadioPayload(shown, {
        actionId: 'schedule_type',
        blockId: 'type',
        value: type,
        label: type,
        values: formValues(typed),
      });
      const res = await postInteraction(app.eventsUrl, SIGNING_SECRET, payload);
      expect(res.status).toBe(200);
      return world.slack.waitFor(() => {
        const v = current(shown.id);
        return v.hash !== shown.hash && v;
      });
    },
    /** Waits until the modal's latest drawing satisfies `check`. */
    waitForView(id: string, check: (v: ShownView) => boolean): Promise<ShownView> {
      return world.slack.waitFor(() => {
        const v = current(id);
        return check(v) && v;
      });
    },
  };
}

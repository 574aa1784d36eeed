// views.open / views.push / views.update with Slack's hash race check and modal Block Kit limits, and
// views.publish (App Home): one view per user, type home, at most 100 blocks, no submit or close.
import { validateView } from '../block-kit-rules.js';
import {
  type FakeView,
  fail,
  type MethodTable,
  type SlackArgs,
  type SlackResult,
  str,
  TEAM_ID,
} from './model.js';
import type { SlackState } from './state.js';

function apiView(v: FakeView, state: SlackState): Record<string, unknown> {
  return {
    team_id: TEAM_ID,
    private_metadata: '',
    callback_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...v.view,
    id: v.id,
    hash: v.hash,
    external_id: v.externalId ?? '',
    state: { values: {} },
    root_view_id: v.id,
    previous_view_id: null,
    app_id: 'A0MOLTFLOW',
    app_installed_team_id: TEAM_ID,
    bot_id: state.botId,
  };
}

/** The error Slack gives for a missing or invalid view argument, if any. */
function viewError(where: string, args: SlackArgs, state: SlackState): SlackResult | undefined {
  const view = args.view;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return fail('invalid_arguments');
  const errors = validateView(view);
  return errors.length > 0 ? state.reject(where, errors) : undefined;
}

function create(via: 'open' | 'push', args: SlackArgs, state: SlackState): SlackResult {
  if (!str(args.trigger_id)) return fail('invalid_trigger_id');
  const error = viewError(`views.${via}`, args, state);
  if (error) return error;
  const view = args.view as Record<string, unknown>;
  const externalId = str(view.external_id) || undefined;
  if (externalId && state.views.some((v) => v.externalId === externalId))
    return fail('duplicate_external_id');
  const created: FakeView = {
    id: state.nextId('V'),
    externalId,
    hash: newHash(state),
    view,
    via,
    updates: 0,
  };
  state.views.push(created);
  return { ok: true, view: apiView(created, state) };
}

const newHash = (state: SlackState): string => `${Math.floor(Date.now() / 1000)}.${state.nextId('h')}`;

export const viewMethods: MethodTable = {
  'views.open': (args, state) => create('open', args, state),
  'views.push': (args, state) => create('push', args, state),
  'views.update': (args, state) => {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (!viewId && !externalId) return fail('invalid_arguments');
    const target = state.views.find((v) => (viewId ? v.id === viewId : v.externalId === externalId));
    if (!target) return fail('not_found');
    const hash = str(args.hash);
    if (hash && hash !== target.hash) return fail('hash_conflict');
    const error = viewError('views.update', args, state);
    if (error) return error;
    target.view = args.view as Record<string, unknown>;
    target.hash = newHash(state);
    target.updates += 1;
    return { ok: true, view: apiView(target, state) };
  },
  'views.publish': (args, state) => {
    const user = str(args.user_id);
    if (!user) return fail('invalid_arguments');
    if (!/^[UW]/.test(user)) return fail('user_not_found');
    const view = args.view;
    if (typeof view !== 'object' || view === null || Array.isArray(view)) return fail('invalid_arguments');
    const v = view as Record<string, unknown>;
    const errors = validateView(v);
    if (v.type !== 'home') errors.push('must be a home view [json-pointer:/view/type]');
    for (const key of ['submit', 'close', 'title'] as const) {
      if (v[key] !== undefined) errors.push(`is not allowed in a home view [json-pointer:/view/${key}]`);
    }
    if (errors.length > 0) return state.reject('views.publish', errors);
    const previous = state.homes.get(user);
    const published: FakeView = {
      id: previous?.id ?? state.nextId('V'),
      externalId: str(v.external_id) || undefined,
      hash: newHash(state),
      view: v,
      via: 'publish',
      updates: previous ? previous.updates + 1 : 0,
    };
    state.homes.set(user, published);
    return { ok: true, view: apiView(published, state) };
  },
};

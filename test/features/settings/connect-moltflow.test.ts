// "Connect MoltFlow" through the running app: an admin's click opens the modal, the submit acks with
// "Checking your key…" at once, the key is checked live against a fake MoltFlow tenant and the modal is
// updated to the result; the key is stored sealed only after a successful check, and audited as `…last4`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envDefaults, SETTINGS_ACTIONS } from '../../../src/features/settings/index.js';
import { SETTING_KEYS, WorkspaceSettings } from '../../../src/store/workspace-settings.js';
import { ALL_SCOPES } from '../../helpers/fake-moltflow.js';
import { SIGNING_SECRET } from '../../helpers/harness.js';
import { blockActionPayload, postInteraction } from '../../helpers/signed-request.js';
import { eventually } from '../../helpers/wait.js';
import {
  ADMIN,
  keyValues,
  MEMBER,
  type SettingsDriver,
  shown,
  startSettingsWorld,
} from './settings-driver.js';

const PRO_KEY = 'mf_pro_live_key_8c1e5a2b9Zq7';
const NARROW_KEY = 'mf_narrow_live_key_44d0Wx3k';
const NO_LEADS_KEY = 'mf_no_leads_live_key_Rt5y';

describe('Connect MoltFlow', () => {
  let d: SettingsDriver;
  beforeEach(async () => {
    d = await startSettingsWorld();
    d.world.moltflow.addTenant({ apiKey: PRO_KEY, plan: 'pro' });
    d.world.moltflow.addTenant({
      apiKey: NARROW_KEY,
      plan: 'starter',
      scopes: ALL_SCOPES.filter((s) => !s.startsWith('bulk-send') && !s.startsWith('scheduled')),
    });
    d.world.moltflow.addTenant({ apiKey: NO_LEADS_KEY, scopes: ['usage:read', 'sessions:read'] });
  });
  afterEach(async () => {
    const { world, app } = d;
    expect(world.slack.rejections).toEqual([]);
    // No candidate key ever reached Slack or a log line, whatever the outcome.
    const sent = JSON.stringify([world.slack.calls.map((c) => c.args), world.slack.responses]);
    for (const key of [PRO_KEY, NARROW_KEY, NO_LEADS_KEY]) {
      expect(sent).not.toContain(key);
      expect(app.logs.filter((line) => line.includes(key))).toEqual([]);
    }
    await d.close();
  });

  const ctx = () => d.app.service.ctx;
  const settings = () =>
    new WorkspaceSettings({
      store: ctx().store,
      workspaceId: ctx().store.workspace, // single-workspace mode: the default workspace
      secrets: d.secrets,
      defaults: envDefaults(ctx()),
    });
  const trail = () => ctx().store.audit.list({ offset: 0, limit: 50 });
  const connectWith = async (key: string) => {
    const { viewId, view } = await d.open(SETTINGS_ACTIONS.openConnect);
    expect(view.callback_id).toBe('settings_connect');
    const ack = await d.submit('settings_connect', viewId, keyValues(key));
    return { viewId, ack };
  };

  it('opens the form for an admin, never pre-filled, and connects a valid key: sealed, shown as …last4', async () => {
    const { viewId, view } = await d.open(SETTINGS_ACTIONS.openConnect);
    expect(shown(view)).not.toContain('initial_value');
    const requestsBefore = d.world.moltflow.requests.length;
    const ack = await d.submit('settings_connect', viewId, keyValues(PRO_KEY));
    expect(ack?.response_action).toBe('update');
    expect(shown(ack)).toContain('Checking your key');

    const done = await d.updated(viewId);
    expect(shown(done)).toContain('MoltFlow is connected with key');
    expect(shown(done)).toContain('`…9Zq7`');
    expect(shown(done)).toContain('*Pro* plan: 40 requests a minute');
    expect(shown(done)).not.toContain('warning');

    // The probes went out with the candidate key, not the app's own.
    const probes = d.world.moltflow.requests.slice(requestsBefore);
    expect(probes.length).toBe(6);
    expect(probes.every((r) => r.headers['x-api-key'] === PRO_KEY)).toBe(true);

    const raw = await ctx().store.getSetting<Record<string, unknown>>(SETTING_KEYS.connection);
    expect(JSON.stringify(raw)).not.toContain(PRO_KEY);
    expect(await settings().apiKey()).toBe(PRO_KEY);
    expect(await settings().connection()).toMatchObject({
      last4: '9Zq7',
      plan: 'pro',
      requestsPerMinute: 40,
      connectedBy: ADMIN,
      missingScopes: [],
    });
    expect(await trail()).toContainEqual(
      expect.objectContaining({ action: 'moltflow.connected', actor: ADMIN, target: '…9Zq7', outcome: 'ok' }),
    );

    // Opened again, it says what is connected (by its last four) and still asks for a fresh key.
    const again = await d.open(SETTINGS_ACTIONS.openConnect);
    expect(shown(again.view)).toContain('…9Zq7');
    expect(shown(again.view)).not.toContain(PRO_KEY);
  });

  it('shows the form again with the problem under the field for an invalid key, storing nothing', async () => {
    const { viewId, ack } = await connectWith('mf_not_a_key_anyone_has');
    expect(shown(ack)).toContain('Checking your key');
    const form = await d.updated(viewId);
    expect(form.callback_id).toBe('settings_connect');
    const blocks = form.blocks as { block_id?: string }[];
    const field = blocks.findIndex((b) => b.block_id === 'moltflow_key');
    expect(blocks[field + 1]?.block_id).toBe('moltflow_key_problem');
    expect(shown(blocks[field + 1])).toContain('MoltFlow did not accept this key');
    expect(await ctx().store.getSetting(SETTING_KEYS.connection)).toBeUndefined();
    expect(await trail()).toContainEqual(
      expect.objectContaining({ action: 'moltflow.connected', target: '…_has', outcome: 'failed' }),
    );

    // The same modal may be submitted again after fixing the key (the claim was given back).
    await d.submit('settings_connect', viewId, keyValues(PRO_KEY));
    expect(shown(await d.updated(viewId, 2))).toContain('MoltFlow is connected');
  });

  it('says MoltFlow is unreachable (try again) when it does not answer, storing nothing', async () => {
    d.world.moltflow.fail({ path: '/leads' }, { kind: 'status', status: 503 });
    const { viewId } = await connectWith(PRO_KEY);
    expect(shown(await d.updated(viewId))).toContain('Nothing was saved; please try again');
    expect(await ctx().store.getSetting(SETTING_KEYS.connection)).toBeUndefined();
  });

  it('connects with a warning naming missing scopes and the features they disable', async () => {
    const { viewId } = await connectWith(NARROW_KEY);
    const done = shown(await d.updated(viewId));
    expect(done).toContain('Connected with a warning');
    expect(done).toContain('`bulk-send:read`: /bulksend broadcasts will not work');
    expect(done).toContain('`scheduled:read`: /schedule will not work');
    expect(done).toContain('*Starter* plan: 20 requests a minute');
    expect(await settings().connection()).toMatchObject({
      missingScopes: ['bulk-send:read', 'scheduled:read'],
    });
    expect(await trail()).toContainEqual(
      expect.objectContaining({
        action: 'moltflow.connected',
        outcome: 'ok',
        detail: 'Starter plan; missing bulk-send:read, scheduled:read',
      }),
    );
  });

  it('refuses a key without the lead feed’s own scope, saying which', async () => {
    const { viewId } = await connectWith(NO_LEADS_KEY);
    const form = shown(await d.updated(viewId));
    expect(form).toContain('This key lacks `leads:read`');
    expect(form).toContain('so it was not saved');
    expect(await ctx().store.getSetting(SETTING_KEYS.connection)).toBeUndefined();
  });

  it('checks once when the same modal is submitted twice', async () => {
    const { viewId } = await d.open(SETTINGS_ACTIONS.openConnect);
    const before = d.world.moltflow.requests.length;
    const [a, b] = await Promise.all([
      d.submit('settings_connect', viewId, keyValues(PRO_KEY)),
      d.submit('settings_connect', viewId, keyValues(PRO_KEY)),
    ]);
    expect(shown(a)).toContain('Checking your key');
    expect(shown(b)).toContain('Checking your key');
    await d.updated(viewId);
    expect(d.world.moltflow.requests.length - before).toBe(6);
    expect((await trail()).filter((e) => e.action === 'moltflow.connected')).toHaveLength(1);
  });

  it('puts a malformed key back on the field in the ack, asking MoltFlow nothing', async () => {
    const { viewId } = await d.open(SETTINGS_ACTIONS.openConnect);
    const before = d.world.moltflow.requests.length;
    const ack = await d.submit('settings_connect', viewId, keyValues('two words'));
    expect(ack).toMatchObject({ response_action: 'errors', errors: { moltflow_key: expect.any(String) } });
    expect(d.world.moltflow.requests.length).toBe(before);
  });

  it('refuses a non-admin through the listener table: no modal, no MoltFlow call, a denial in the trail', async () => {
    const before = d.world.moltflow.requests.length;
    const views = d.world.slack.views.length;
    const click = blockActionPayload({
      actionId: SETTINGS_ACTIONS.openConnect,
      userId: MEMBER,
      channelId: 'C0HOME01',
      messageTs: '1.1',
    });
    expect((await postInteraction(d.app.eventsUrl, SIGNING_SECRET, click)).status).toBe(200);
    await d.submit('settings_connect', 'V0FORGED', keyValues(PRO_KEY), MEMBER);
    const denials = await eventually(async () => {
      const found = (await trail()).filter((e) => e.outcome === 'denied' && e.actor === MEMBER);
      return found.length >= 2 ? found : undefined;
    });
    expect(denials.map((e) => e.target).sort()).toEqual(
      ['settings_connect', SETTINGS_ACTIONS.openConnect].sort(),
    );
    expect(d.world.slack.views.length).toBe(views);
    expect(d.world.moltflow.requests.length).toBe(before);
    expect(await ctx().store.getSetting(SETTING_KEYS.connection)).toBeUndefined();
  });

  it('explains that keys cannot be stored when the deployment has no ENCRYPTION_KEY', async () => {
    await d.close();
    d = await startSettingsWorld({ secrets: false });
    const { view } = await d.open(SETTINGS_ACTIONS.openConnect);
    expect(shown(view)).toContain('ENCRYPTION_KEY');
    expect(view.submit).toBeUndefined();
  });
});

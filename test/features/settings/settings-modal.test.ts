// The workspace settings modal through the running app: opens with the env defaults, saves edits (audited),
// keeps the poll interval at or above the connected plan's floor with an error on the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envDefaults, SETTINGS_ACTIONS } from '../../../src/features/settings/index.js';
import { WorkspaceSettings } from '../../../src/store/workspace-settings.js';
import { LEADS_CHANNEL } from '../../helpers/harness.js';
import { ADMIN, keyValues, type SettingsDriver, shown, startSettingsWorld } from './settings-driver.js';

const FREE_KEY = 'mf_free_live_key_Ab12Cd34';

const values = (o: {
  channel?: string;
  admins?: string[];
  adminGroups?: string;
  backfill?: string;
  poll?: string;
}) => ({
  leads_channel: {
    value: { type: 'conversations_select', selected_conversation: o.channel ?? 'C0NEWLEADS' },
  },
  access_users_admin: { value: { type: 'multi_users_select', selected_users: o.admins ?? [] } },
  access_groups_admin: { value: { type: 'plain_text_input', value: o.adminGroups ?? '' } },
  access_users_outreach: { value: { type: 'multi_users_select', selected_users: [] } },
  access_groups_outreach: { value: { type: 'plain_text_input', value: null } },
  access_users_sales: { value: { type: 'multi_users_select', selected_users: [] } },
  access_groups_sales: { value: { type: 'plain_text_input', value: null } },
  backfill_hours: { value: { type: 'number_input', value: o.backfill ?? '24' } },
  poll_interval: { value: { type: 'number_input', value: o.poll ?? '30' } },
});

describe('workspace settings modal', () => {
  let d: SettingsDriver;
  beforeEach(async () => {
    d = await startSettingsWorld();
  });
  afterEach(async () => {
    expect(d.world.slack.rejections).toEqual([]);
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

  it('opens with the env defaults, a channel picker that does not default to the current one', async () => {
    const { view } = await d.open(SETTINGS_ACTIONS.openSettings);
    expect(view.callback_id).toBe('settings_workspace');
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const channel = blocks.find((b) => b.block_id === 'leads_channel')?.element;
    expect(channel).toMatchObject({
      type: 'conversations_select',
      default_to_current_conversation: false,
      initial_conversation: LEADS_CHANNEL,
      filter: { include: ['public', 'private'] },
    });
    expect(blocks.find((b) => b.block_id === 'poll_interval')?.element).toMatchObject({
      initial_value: '30',
    });
    expect(blocks.find((b) => b.block_id === 'access_users_admin')?.element?.type).toBe('multi_users_select');
  });

  it('saves edits, persists them and writes each change to the audit trail', async () => {
    const { viewId } = await d.open(SETTINGS_ACTIONS.openSettings);
    const ack = await d.submit(
      'settings_workspace',
      viewId,
      values({
        channel: 'C0NEWLEADS',
        admins: ['U0BOSS01'],
        adminGroups: 'S0LEADS1, S0LEADS2',
        backfill: '48',
        poll: '60',
      }),
    );
    expect(ack?.response_action).toBe('update');
    expect(shown(ack)).toContain('Saved: leads channel, admin access, backfill hours, poll interval');
    expect(await settings().preferences()).toMatchObject({
      leadsChannel: 'C0NEWLEADS',
      access: { admin: ['U0BOSS01', 'S0LEADS1', 'S0LEADS2'], outreach: [], sales: [] },
      backfillHours: 48,
      pollIntervalSeconds: 60,
    });
    const changes = (await trail()).filter((e) => e.action === 'settings.changed');
    expect(changes.map((e) => [e.target, e.detail, e.actor]).sort()).toEqual(
      [
        ['admin access', 'U0BOSS01 S0LEADS1 S0LEADS2', ADMIN],
        ['backfill hours', '24 → 48', ADMIN],
        ['leads channel', `${LEADS_CHANNEL} → C0NEWLEADS`, ADMIN],
        ['poll interval', '30 s → 60 s', ADMIN],
      ].sort(),
    );
    // Opened again, it shows what was saved.
    const again = await d.open(SETTINGS_ACTIONS.openSettings);
    expect(shown(again.view)).toContain('C0NEWLEADS');
    expect(shown(again.view)).toContain('S0LEADS1, S0LEADS2');
  });

  it('keeps the poll interval at or above the connected plan’s floor, with the error on the field', async () => {
    d.world.moltflow.addTenant({ apiKey: FREE_KEY, plan: 'free' });
    const connect = await d.open(SETTINGS_ACTIONS.openConnect);
    await d.submit('settings_connect', connect.viewId, keyValues(FREE_KEY));
    expect(shown(await d.updated(connect.viewId))).toContain('*Free* plan: 10 requests a minute');

    const { viewId, view } = await d.open(SETTINGS_ACTIONS.openSettings);
    expect(shown(view)).toContain('At least 18 s');
    const tooFast = await d.submit('settings_workspace', viewId, values({ poll: '10' }));
    expect(tooFast).toMatchObject({ response_action: 'errors' });
    const errors = (tooFast as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors)).toEqual(['poll_interval']);
    expect(errors.poll_interval).toContain(
      'The Free plan allows 10 requests a minute, so poll every 18 s or slower',
    );
    expect((await settings().preferences()).pollIntervalSeconds).toBe(30);

    const ok = await d.submit('settings_workspace', viewId, values({ poll: '18' }));
    expect(ok?.response_action).toBe('update');
    expect((await settings().preferences()).pollIntervalSeconds).toBe(18);
  });

  it('puts bad values on their fields: backfill range, user-group ids', async () => {
    const { viewId } = await d.open(SETTINGS_ACTIONS.openSettings);
    const ack = await d.submit(
      'settings_workspace',
      viewId,
      values({ backfill: '721', adminGroups: 'U0NOTAGROUP' }),
    );
    expect(ack).toMatchObject({ response_action: 'errors' });
    expect(Object.keys((ack as { errors: object }).errors).sort()).toEqual([
      'access_groups_admin',
      'backfill_hours',
    ]);
    expect(await settings().storedPreferences()).toEqual({});
  });
});

// The App Home's admin section through the running app (single-workspace mode): what an admin sees of the
// workspace settings, its two buttons opening the settings feature's modals, and the Home redrawn after a
// save or a connected key, showing the key's last four characters only. A member sees none of it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROUTES_ACTIONS } from '../../../src/features/admin/index.js';
import { readWorkspaceSettings, SETTINGS_ACTIONS } from '../../../src/features/settings/index.js';
import { ALL_SCOPES } from '../../helpers/fake-moltflow.js';
import { LEADS_CHANNEL, SIGNING_SECRET } from '../../helpers/harness.js';
import { postAppHomeOpened } from '../../helpers/signed-request.js';
import {
  ADMIN,
  keyValues,
  MEMBER,
  type SettingsDriver,
  shown,
  startSettingsWorld,
} from '../settings/settings-driver.js';

const PRO_KEY = 'mf_pro_live_key_8c1e5a2b9Zq7';
const NARROW_KEY = 'mf_narrow_live_key_44d0Wx3k';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; text?: { text: string }; style?: string }[];
};

describe('App Home: the admin section', () => {
  let d: SettingsDriver;
  beforeEach(async () => {
    d = await startSettingsWorld({ app: { home: { perUserMs: 50, gapMs: 0 } } });
    d.world.moltflow.addTenant({ apiKey: PRO_KEY, plan: 'pro' });
    d.world.moltflow.addTenant({
      apiKey: NARROW_KEY,
      plan: 'starter',
      scopes: ALL_SCOPES.filter((s) => !s.startsWith('scheduled')),
    });
  });
  afterEach(async () => {
    const { world, app } = d;
    expect(world.slack.rejections).toEqual([]);
    const sent = JSON.stringify(world.slack.calls.map((c) => c.args));
    for (const key of [PRO_KEY, NARROW_KEY, world.moltflow.apiKey]) {
      expect(sent).not.toContain(key);
      expect(app.logs.filter((line) => line.includes(key))).toEqual([]);
    }
    await d.close();
  });

  const publishes = (user: string) =>
    d.world.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  const homeOf = (user: string) =>
    (d.world.slack.home(user) as { blocks: Block[] } | undefined)?.blocks ?? [];
  const open = async (user: string) => {
    const n = publishes(user) + 1;
    const res = await postAppHomeOpened(d.app.eventsUrl, SIGNING_SECRET, user);
    expect(res.status).toBe(200);
    await d.world.slack.waitFor(() => publishes(user) >= n);
    return homeOf(user);
  };
  const block = (blocks: Block[], id: string) => blocks.find((b) => b.block_id === id);
  const settingsText = (user: string) => block(homeOf(user), 'home_admin_settings')?.text?.text ?? '';
  const buttons = (blocks: Block[]) =>
    (block(blocks, 'home_admin_actions')?.elements ?? []).map((e) => [e.action_id, e.text?.text]);
  /** Waits until the admin's Home (redrawn after a change) says `what`. */
  const redrawnWith = (what: string) =>
    d.world.slack.waitFor(() => settingsText(ADMIN).includes(what) || undefined, {
      description: `the admin's Home to show ${what}`,
    });

  it('shows an admin the settings and the buttons; a member sees neither', async () => {
    const blocks = await open(ADMIN);
    const text = settingsText(ADMIN);
    const envKey = d.world.moltflow.apiKey;
    expect(text).toContain(`connected with the key from the app’s environment (\`…${envKey.slice(-4)}\`)`);
    expect(text).toContain(`*Leads channel*: <#${LEADS_CHANNEL}>`);
    expect(text).toContain('*Backfill*: the last 24 hours');
    expect(text).toContain('*Poll interval*: every 30 seconds');
    expect(text).toContain('*Admins*: workspace owners and admins only');
    expect(buttons(blocks)).toEqual([
      [SETTINGS_ACTIONS.openConnect, 'Connect MoltFlow'],
      [SETTINGS_ACTIONS.openSettings, 'Settings'],
      [ROUTES_ACTIONS.open, 'Routes'],
    ]);
    expect(shown(blocks)).not.toContain(envKey);

    const member = await open(MEMBER);
    expect(member.some((b) => b.block_id?.startsWith('home_admin'))).toBe(false);
    expect(shown(member)).not.toContain('settings_open');
    expect(shown(member)).toContain('Pipeline');
  });

  it('opens the settings modal from the Home’s Settings button, and redraws the Home once saved', async () => {
    const [, settingsButton] = (block(await open(ADMIN), 'home_admin_actions')?.elements ?? []).map(
      (e) => e.action_id ?? '',
    );
    const { viewId, view } = await d.open(settingsButton ?? '');
    expect(view.callback_id).toBe('settings_workspace');
    expect(d.world.slack.callsTo('views.open')).toHaveLength(1);

    const before = publishes(ADMIN);
    const pick = (type: string, v: unknown) => ({ value: { type, ...(v as object) } });
    await d.submit('settings_workspace', viewId, {
      leads_channel: pick('conversations_select', { selected_conversation: 'C0NEWLEADS' }),
      access_users_admin: pick('multi_users_select', { selected_users: [] }),
      access_groups_admin: pick('plain_text_input', { value: null }),
      access_users_outreach: pick('multi_users_select', { selected_users: ['U0SELLER'] }),
      access_groups_outreach: pick('plain_text_input', { value: 'S0CLOSERS' }),
      access_users_sales: pick('multi_users_select', { selected_users: [] }),
      access_groups_sales: pick('plain_text_input', { value: null }),
      backfill_hours: pick('number_input', { value: '48' }),
      poll_interval: pick('number_input', { value: '120' }),
    });
    await redrawnWith('the last 48 hours');
    expect(publishes(ADMIN)).toBeGreaterThan(before);
    const text = settingsText(ADMIN);
    expect(text).toContain('*Leads channel*: <#C0NEWLEADS>');
    expect(text).toContain('*Outreach*: <@U0SELLER>, <!subteam^S0CLOSERS>');
    expect(text).toContain('*Poll interval*: every 2 minutes');
  });

  it('connects a key from the Home’s button and redraws it with …last4 and the plan, never the key', async () => {
    await open(MEMBER); // someone else looking: redrawn too, still without the admin section
    const [connectButton] = buttons(await open(ADMIN));
    const { viewId, view } = await d.open(connectButton?.[0] ?? '');
    expect(view.callback_id).toBe('settings_connect');
    await d.submit('settings_connect', viewId, keyValues(PRO_KEY));
    expect(shown(await d.updated(viewId))).toContain('MoltFlow is connected');

    await redrawnWith('…9Zq7');
    expect(settingsText(ADMIN)).toContain(
      ':large_green_circle: *MoltFlow*: connected with key `…9Zq7` · *Pro* plan, 40 requests a minute',
    );
    expect(settingsText(ADMIN)).not.toContain('lacks');
    expect(buttons(homeOf(ADMIN))).toEqual([
      [SETTINGS_ACTIONS.openConnect, 'Change key'],
      [SETTINGS_ACTIONS.openSettings, 'Settings'],
      [ROUTES_ACTIONS.open, 'Routes'],
    ]);
    await d.world.slack.waitFor(() => publishes(MEMBER) >= 2 || undefined);
    expect(homeOf(MEMBER).some((b) => b.block_id?.startsWith('home_admin'))).toBe(false);
  });

  it('names the scopes a connected key lacks', async () => {
    await open(ADMIN);
    const { viewId } = await d.open(SETTINGS_ACTIONS.openConnect);
    await d.submit('settings_connect', viewId, keyValues(NARROW_KEY));
    await d.updated(viewId);
    await redrawnWith('…Wx3k');
    const text = settingsText(ADMIN);
    expect(text).toContain('*Starter* plan');
    // The scopes the live check found missing, as stored with the connection.
    const { connection } = await readWorkspaceSettings(d.app.service.ctx);
    expect(connection?.missingScopes).toEqual(['scheduled:read']);
    expect(text).toContain(':warning: The key lacks `scheduled:read`: what needs it will not work.');
  });
});

// One workspace's typed settings over getSetting/setSetting, on both backends: the sealed key, env defaults,
// validation on read and on write.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { SecretBox } from '../../src/store/secret-box.js';
import {
  maskedKey,
  SETTING_KEYS,
  type SettingsDefaults,
  WorkspaceSettings,
} from '../../src/store/workspace-settings.js';
import { describeEachBackend, T0, useStore } from './backends.js';

const KEY = 'mf_live_7Hq2pLx9Zr4Vb8Nk3cWd';
const DEFAULTS: SettingsDefaults = {
  leadsChannel: 'C0ENVLEADS',
  access: { admin: ['U0ENVADMIN'], outreach: [], sales: ['S0ENVSALES'] },
  backfillHours: 24,
  pollIntervalSeconds: 30,
};
const secrets = new SecretBox(randomBytes(32));
const connectInfo = {
  plan: 'pro',
  planName: 'Pro',
  requestsPerMinute: 40,
  connectedBy: 'U0ADMIN01',
  connectedAt: T0,
  missingScopes: ['scheduled:read'],
};

describeEachBackend('workspace settings', (backend) => {
  const ctx = useStore(backend);
  const settingsFor = (workspaceId = 'T0TEAMA') =>
    new WorkspaceSettings({ store: ctx.store, workspaceId, secrets, defaults: DEFAULTS });

  it('stores the MoltFlow key sealed, shows only its last four, and opens it only through apiKey()', async () => {
    const settings = settingsFor();
    expect(await settings.connection()).toBeUndefined();
    expect(await settings.apiKey()).toBeUndefined();
    const shown = await settings.connect(KEY, connectInfo);
    expect(shown).toEqual({ ...connectInfo, last4: '3cWd' });
    expect(shown.last4).toBe(KEY.slice(-4));
    expect(maskedKey(shown.last4)).toBe('…3cWd');
    expect(await settings.connection()).toEqual(shown);
    expect(JSON.stringify(await settings.connection())).not.toContain(KEY);
    expect(await settings.apiKey()).toBe(KEY);

    // The raw stored value: sealed, never the key or any long piece of it.
    const raw = await ctx.store.getSetting<Record<string, unknown>>(SETTING_KEYS.connection);
    const text = JSON.stringify(raw);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(3, 15));
    expect(SecretBox.isSealed(String(raw?.sealedKey))).toBe(true);

    await settings.disconnect();
    expect(await settings.connection()).toBeUndefined();
  });

  it('binds the sealed key to its workspace: copied to another workspace it does not open', async () => {
    await settingsFor('T0TEAMA').connect(KEY, connectInfo);
    await expect(settingsFor('T0TEAMB').apiKey()).rejects.toThrow(/does not open/);
  });

  it('falls back to the env defaults per field, and persists edits merged', async () => {
    const settings = settingsFor();
    expect(await settings.preferences()).toEqual(DEFAULTS);
    await settings.updatePreferences({ leadsChannel: 'C0WSLEADS', backfillHours: 0 });
    await settings.updatePreferences({ pollIntervalSeconds: 60 });
    expect(await settings.preferences()).toEqual({
      ...DEFAULTS,
      leadsChannel: 'C0WSLEADS',
      backfillHours: 0,
      pollIntervalSeconds: 60,
    });
    expect(await settings.storedPreferences()).toEqual({
      leadsChannel: 'C0WSLEADS',
      backfillHours: 0,
      pollIntervalSeconds: 60,
    });
  });

  it('refuses invalid values on write and ignores unreadable ones on read', async () => {
    const settings = settingsFor();
    await expect(settings.updatePreferences({ backfillHours: 721 })).rejects.toThrow();
    await expect(
      settings.updatePreferences({ access: { admin: ['#general'], outreach: [], sales: [] } }),
    ).rejects.toThrow();
    await ctx.store.setSetting(SETTING_KEYS.preferences, { leadsChannel: 42 });
    await ctx.store.setSetting(SETTING_KEYS.connection, { sealedKey: 'x' });
    expect(await settings.preferences()).toEqual(DEFAULTS);
    expect(await settings.connection()).toBeUndefined();
  });
});

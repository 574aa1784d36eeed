// Hostile-size cases for the settings feature's modals: Connect MoltFlow (form, checking, connected with
// many missing scopes) and the workspace settings modal (hundreds of people and user groups per role).
import type { MissingAccess } from '../../src/api/account/key-check.js';
import {
  buildCheckingModal,
  buildConnectedModal,
  buildConnectModal,
  buildNoEncryptionModal,
} from '../../src/features/settings/connect-views.js';
import { buildSettingsModal, buildSettingsSavedModal } from '../../src/features/settings/settings-views.js';
import type { MoltflowConnection } from '../../src/store/workspace-settings.js';
import { AT, type Cases, hostile, LONG_NAME, many, modal } from './block-kit-hostile.js';

const connection = (over: Partial<MoltflowConnection> = {}): MoltflowConnection => ({
  last4: hostile(4),
  plan: LONG_NAME,
  planName: LONG_NAME,
  requestsPerMinute: 1_000_000,
  connectedBy: 'U0ADMIN01',
  connectedAt: AT,
  missingScopes: many(50, () => hostile(300)),
  ...over,
});
const missing = (n: number): MissingAccess[] =>
  many(n, (i) => ({
    area: LONG_NAME,
    scopes: many(20, () => hostile(300, i)),
    disables: LONG_NAME,
    essential: false,
  }));
const ids = (prefix: string, n: number) => many(n, (i) => `${prefix}0${String(i).padStart(8, '0')}`);

export const SETTINGS_CASES: Cases = {
  'features/settings/connect-views.ts#buildConnectModal': [
    modal('a 1,000-character plan name and every problem', () =>
      buildConnectModal({
        current: connection(),
        problem: { kind: 'lead_feed', missing: missing(1)[0] as MissingAccess },
      }),
    ),
    modal(
      'unreachable',
      () => buildConnectModal({ problem: { kind: 'unreachable', reason: 'rate_limited' } }),
      /try again/,
    ),
  ],
  'features/settings/connect-views.ts#buildCheckingModal': [modal('as is', () => buildCheckingModal())],
  'features/settings/connect-views.ts#buildConnectedModal': [
    modal('50 missing areas of 20 scopes of 300 characters', () =>
      buildConnectedModal(connection(), missing(50)),
    ),
    modal('plan unknown', () => buildConnectedModal(connection({ planName: null, plan: null }), [])),
  ],
  'features/settings/connect-views.ts#buildNoEncryptionModal': [
    modal('as is', () => buildNoEncryptionModal()),
  ],
  'features/settings/settings-views.ts#buildSettingsModal': [
    modal('1,000 people and 1,000 user groups per role, a 1,000-character plan name', () =>
      buildSettingsModal(
        {
          leadsChannel: 'C0LEADS01',
          access: {
            admin: [...ids('U', 1000), ...ids('S', 1000)],
            outreach: [...ids('W', 1000), ...ids('S', 1000)],
            sales: ids('S', 1000),
          },
          backfillHours: 720,
          pollIntervalSeconds: 3600,
        },
        { requestsPerMinute: 1, planName: LONG_NAME },
      ),
    ),
  ],
  'features/settings/settings-views.ts#buildSettingsSavedModal': [
    modal('1,000 changed fields', () => buildSettingsSavedModal(many(1000, () => LONG_NAME))),
  ],
};

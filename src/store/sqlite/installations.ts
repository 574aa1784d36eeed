import type Database from 'better-sqlite3';
import { fromInstallation, type InstallationRow, requireBox, toInstallation } from '../rows.js';
import type { SecretBox } from '../secret-box.js';
import type { InstallationStore } from '../types.js';

// "Add to Slack" installations (OAuth mode), one row per workspace. The tokens only ever reach the
// database sealed (rows.ts), so a copy of the file reveals none of them.
export function createInstallationStore(
  db: Database.Database,
  box: SecretBox | undefined,
): InstallationStore {
  const upsert = db.prepare(
    `INSERT INTO slack_installations (workspace, team_id, team_name, enterprise_id, enterprise_name,
       is_enterprise_install, app_id, bot_token_sealed, bot_id, bot_user_id, bot_scopes, installer_user_id,
       user_token_sealed, user_scopes, enterprise_url, installed_at)
     VALUES (@workspace, @team_id, @team_name, @enterprise_id, @enterprise_name, @is_enterprise_install, @app_id,
       @bot_token_sealed, @bot_id, @bot_user_id, @bot_scopes, @installer_user_id, @user_token_sealed,
       @user_scopes, @enterprise_url, @installed_at)
     ON CONFLICT (workspace) DO UPDATE SET team_id = excluded.team_id, team_name = excluded.team_name,
       enterprise_id = excluded.enterprise_id, enterprise_name = excluded.enterprise_name,
       is_enterprise_install = excluded.is_enterprise_install, app_id = excluded.app_id,
       bot_token_sealed = excluded.bot_token_sealed, bot_id = excluded.bot_id, bot_user_id = excluded.bot_user_id,
       bot_scopes = excluded.bot_scopes, installer_user_id = excluded.installer_user_id,
       user_token_sealed = excluded.user_token_sealed, user_scopes = excluded.user_scopes,
       enterprise_url = excluded.enterprise_url, installed_at = excluded.installed_at`,
  );
  const get = db.prepare<[string], InstallationRow>('SELECT * FROM slack_installations WHERE workspace = ?');
  const list = db.prepare<[], InstallationRow>('SELECT * FROM slack_installations ORDER BY workspace');
  const remove = db.prepare<[string]>('DELETE FROM slack_installations WHERE workspace = ?');
  return {
    save: async (installation) => {
      const row = fromInstallation(requireBox(box), installation);
      upsert.run({
        ...row,
        is_enterprise_install: row.is_enterprise_install ? 1 : 0,
        installed_at: installation.installedAt.toISOString(),
      });
    },
    get: async (workspace) => {
      const row = get.get(workspace);
      return row ? toInstallation(requireBox(box), row) : undefined;
    },
    list: async () => list.all().map((row) => toInstallation(requireBox(box), row)),
    delete: async (workspace) => remove.run(workspace).changes > 0,
  };
}

import { fromInstallation, type InstallationRow, requireBox, toInstallation } from '../rows.js';
import type { SecretBox } from '../secret-box.js';
import type { InstallationStore } from '../types.js';
import { type Db, pgTextOrNull } from './pool.js';

// "Add to Slack" installations (OAuth mode), one row per workspace. The tokens only ever reach the
// database sealed (rows.ts), so a read-only SQL login reveals none of them.
export function createInstallationStore(db: Db, box: SecretBox | undefined): InstallationStore {
  return {
    async save(installation) {
      const r = fromInstallation(requireBox(box), installation);
      await db.query(
        `INSERT INTO slack_installations (workspace, team_id, team_name, enterprise_id, enterprise_name,
           is_enterprise_install, app_id, bot_token_sealed, bot_id, bot_user_id, bot_scopes, installer_user_id,
           user_token_sealed, user_scopes, enterprise_url, installed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (workspace) DO UPDATE SET team_id = EXCLUDED.team_id, team_name = EXCLUDED.team_name,
           enterprise_id = EXCLUDED.enterprise_id, enterprise_name = EXCLUDED.enterprise_name,
           is_enterprise_install = EXCLUDED.is_enterprise_install, app_id = EXCLUDED.app_id,
           bot_token_sealed = EXCLUDED.bot_token_sealed, bot_id = EXCLUDED.bot_id,
           bot_user_id = EXCLUDED.bot_user_id, bot_scopes = EXCLUDED.bot_scopes,
           installer_user_id = EXCLUDED.installer_user_id, user_token_sealed = EXCLUDED.user_token_sealed,
           user_scopes = EXCLUDED.user_scopes, enterprise_url = EXCLUDED.enterprise_url,
           installed_at = EXCLUDED.installed_at`,
        [
          r.workspace,
          r.team_id,
          pgTextOrNull(r.team_name),
          r.enterprise_id,
          pgTextOrNull(r.enterprise_name),
          r.is_enterprise_install === true || r.is_enterprise_install === 1,
          r.app_id,
          r.bot_token_sealed,
          r.bot_id,
          r.bot_user_id,
          r.bot_scopes,
          r.installer_user_id,
          r.user_token_sealed,
          r.user_scopes,
          pgTextOrNull(r.enterprise_url),
          installation.installedAt,
        ],
      );
    },
    async get(workspace) {
      const { rows } = await db.query<InstallationRow>(
        'SELECT * FROM slack_installations WHERE workspace = $1',
        [workspace],
      );
      return rows[0] ? toInstallation(requireBox(box), rows[0]) : undefined;
    },
    async list() {
      const { rows } = await db.query<InstallationRow>(
        'SELECT * FROM slack_installations ORDER BY workspace',
      );
      return rows.map((row) => toInstallation(requireBox(box), row));
    },
    async delete(workspace) {
      const { rowCount } = await db.query('DELETE FROM slack_installations WHERE workspace = $1', [
        workspace,
      ]);
      return (rowCount ?? 0) > 0;
    },
  };
}

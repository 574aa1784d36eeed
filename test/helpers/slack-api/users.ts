// auth.test (Bolt calls it at start-up), users.info (time zones; owner/admin/guest flags and team for access
// checks) and usergroups.users.list.
import { fail, type MethodTable, str } from './model.js';

const DEFAULT_TZ = 'America/New_York';

/** Seconds east of UTC right now, as Slack's tz_offset; 0 for a zone Intl does not know. */
function tzOffsetSeconds(tz: string): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      timeZoneName: 'longOffset',
    }).formatToParts();
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return 0;
  }
}

export const userMethods: MethodTable = {
  'auth.test': (_args, _state, caller) => ({
    ok: true,
    url: `https://${caller.teamId.toLowerCase()}.slack.com/`,
    team: caller.teamName,
    user: 'moltflow',
    team_id: caller.teamId,
    user_id: caller.botUserId,
    bot_id: caller.botId,
    ...(caller.enterpriseId ? { enterprise_id: caller.enterpriseId } : {}),
    is_enterprise_install: caller.isEnterpriseInstall,
  }),

  'usergroups.users.list': (args, state) => {
    const group = str(args.usergroup);
    const members = group ? state.userGroups.get(group) : undefined;
    return members ? { ok: true, users: [...members] } : fail('no_such_subteam');
  },

  'users.info': (args, state, caller) => {
    const id = str(args.user);
    const known = id ? state.users.get(id) : undefined;
    if (!id || (!known && !/^[UW]/.test(id))) return fail('user_not_found');
    const who = { ...state.defaultUser, ...known };
    const tz = who.tz ?? DEFAULT_TZ;
    const name = who.name ?? `user.${id.toLowerCase()}`;
    const bot = id === state.botUserId || id === caller.botUserId;
    return {
      ok: true,
      user: {
        id,
        // a person described with no team belongs to the workspace asking
        team_id: who.team_id ?? caller.teamId,
        name,
        real_name: name,
        deleted: who.deleted ?? false,
        is_bot: bot,
        is_admin: !bot && (who.is_admin ?? false),
        is_owner: !bot && (who.is_owner ?? false),
        is_restricted: who.is_restricted ?? false,
        is_ultra_restricted: who.is_ultra_restricted ?? false,
        tz,
        tz_label: tz,
        tz_offset: tzOffsetSeconds(tz),
        profile: { real_name: name, display_name: name },
      },
    };
  },
};

// auth.test (Bolt calls it at start-up) and users.info (schedules default to the user's time zone).
import { fail, type MethodTable, str, TEAM_ID } from './model.js';

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
  'auth.test': (_args, state) => ({
    ok: true,
    url: 'https://moltflow-test.slack.com/',
    team: 'MoltFlow Test',
    user: 'moltflow',
    team_id: TEAM_ID,
    user_id: state.botUserId,
    bot_id: state.botId,
    is_enterprise_install: false,
  }),

  'usergroups.users.list': (args, state) => {
    const group = str(args.usergroup);
    const members = group ? state.userGroups.get(group) : undefined;
    return members ? { ok: true, users: [...members] } : fail('no_such_subteam');
  },

  'users.info': (args, state) => {
    const id = str(args.user);
    const known = id ? state.users.get(id) : undefined;
    if (!id || (!known && !/^[UW]/.test(id))) return fail('user_not_found');
    const tz = known?.tz ?? DEFAULT_TZ;
    const name = known?.name ?? `user.${id.toLowerCase()}`;
    return {
      ok: true,
      user: {
        id,
        team_id: TEAM_ID,
        name,
        real_name: name,
        deleted: false,
        is_bot: id === state.botUserId,
        tz,
        tz_label: tz,
        tz_offset: tzOffsetSeconds(tz),
        profile: { real_name: name, display_name: name },
      },
    };
  },
};

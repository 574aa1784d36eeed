// Who the bot is, for Bolt's `authorize`, in single-workspace mode. Bolt's own `token` option either calls
// auth.test in its constructor and leaves the promise unobserved (a Slack hiccup at start-up became an
// unhandled rejection that ends the process), or, with verification off, calls it on every request (an extra
// Slack round trip before each ack). Here it is asked once, on the first request, remembered, and asked again
// only after a failure.
import type { Authorize, webApi } from '@slack/bolt';

export function singleWorkspaceAuthorize(client: webApi.WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<{ botId?: string; botUserId?: string; teamId?: string }> | null = null;
  return async () => {
    identity ??= client.auth.test().then((res) => ({
      ...(res.bot_id ? { botId: res.bot_id } : {}),
      ...(res.user_id ? { botUserId: res.user_id } : {}),
      ...(res.team_id ? { teamId: res.team_id } : {}),
    }));
    const pending = identity;
    pending.catch(() => {
      if (identity === pending) identity = null; // ask again next time
    });
    return { botToken, ...(await pending) };
  };
}

import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutreachAccess } from '../../src/domain/outreach-access.js';
import { FakeSlack } from '../helpers/fake-slack.js';

describe('OUTREACH_ALLOWED', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  beforeEach(async () => {
    slack = await FakeSlack.start();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('allows everyone when unset, without asking Slack', async () => {
    expect(await new OutreachAccess([]).allows(client, 'U0ANYONE')).toBe(true);
    expect(slack.calls).toHaveLength(0);
  });

  it('allows listed users and members of listed user groups, and no one else', async () => {
    slack.setUserGroup('S0SALES', ['U0ANA', 'U0BEN']);
    const access = new OutreachAccess(['U0BOSS', 'S0SALES']);
    expect(await access.allows(client, 'U0BOSS')).toBe(true);
    expect(await access.allows(client, 'U0ANA')).toBe(true);
    expect(await access.allows(client, 'U0EVE')).toBe(false);
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1); // cached between checks
  });

  it('grants nothing through a group Slack does not know', async () => {
    const access = new OutreachAccess(['S0GONE']);
    expect(await access.allows(client, 'U0ANA')).toBe(false);
    expect(access.refusal('broadcasting')).toContain('<!subteam^S0GONE>');
  });
});

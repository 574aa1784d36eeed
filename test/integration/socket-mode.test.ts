import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSocketMode } from '../helpers/fake-socket-mode.js';
import { createWorld, type World } from '../helpers/harness.js';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  let world: World;
  let socket: FakeSocketMode;
  beforeEach(async () => {
    world = await createWorld();
    socket = await FakeSocketMode.start(world.slack);
  });
  afterEach(async () => {
    await world.close();
    await socket.close();
  });

  it('connects out over a WebSocket, answers commands there, and still serves /healthz on PORT', async () => {
    const app = await world.startApp({ SLACK_APP_TOKEN: 'xapp-1-A0TEST-0000', SLACK_SIGNING_SECRET: '' });
    await socket.connected;

    const ack = await socket.sendSlashCommand({
      command: '/moltflow',
      text: 'help',
      user_id: 'U0ANA',
      channel_id: 'C0TEST0001',
      team_id: 'T0001',
      trigger_id: '1.2.abc',
      response_url: world.slack.responseUrl('socket'),
    });
    expect(JSON.stringify(ack.payload)).toContain('/moltflow status');

    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // No HTTP receiver in this mode: Slack's events endpoint does not exist on PORT.
    expect((await fetch(app.eventsUrl, { method: 'POST', body: '' })).status).toBe(404);
    expect(world.slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-A0TEST-0000');
  });
});

// /healthz when the store cannot be read: a 503 that names the failure, in both modes, and the app (and
// its probe) keep running; once the store reads again, so does health.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { FakeSocketMode } from '../helpers/fake-socket-mode.js';
import { createWorld, type World } from '../helpers/harness.js';

/** The real store, except that reading the poller's state throws while `broken` is set (a lost disk). */
async function breakableStore(dbUrl: string): Promise<{ store: Store; broken: { on: boolean } }> {
  const broken = { on: false };
  const real = await openStore(dbUrl);
  const store = new Proxy(real, {
    get(target, prop) {
      if (prop === 'getPollerState' && broken.on) {
        return async () => {
          throw new Error('SQLITE_IOERR: disk I/O error');
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, broken };
}

describe('/healthz with a store that fails', () => {
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

  const health = async (baseUrl: string) => {
    const res = await fetch(`${baseUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it.each([
    ['HTTP mode', {}],
    ['Socket Mode', { SLACK_APP_TOKEN: 'xapp-1-A0TEST-0000', SLACK_SIGNING_SECRET: '' }],
  ])('%s: answers 503 unhealthy naming the store, and stays up', async (mode, env) => {
    const { store, broken } = await breakableStore(world.dbUrl);
    const app = await world.startApp(env, { store });
    if (mode === 'Socket Mode') await socket.connected;
    expect((await health(app.baseUrl)).status).toBe(200);

    broken.on = true;
    const failing = await health(app.baseUrl);
    expect(failing).toEqual({
      status: 503,
      body: { status: 'unhealthy', store: { ok: false, error: 'SQLITE_IOERR: disk I/O error' } },
    });
    // Asked again: the process did not go down with the first probe.
    expect((await health(app.baseUrl)).status).toBe(503);

    broken.on = false;
    expect(await health(app.baseUrl)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok' }),
    });
  });
});

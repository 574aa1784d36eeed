import { afterEach, describe, expect, it } from 'vitest';
import { FakeMoltflow } from '../helpers/fake-moltflow.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { RequestSignal } from '../helpers/wait.js';

describe('RequestSignal.waitFor', () => {
  it('resolves at once when the check already holds, without waiting for a request', async () => {
    await expect(new RequestSignal().waitFor(() => 'ready', { timeoutMs: 10 })).resolves.toBe('ready');
  });

  it('re-checks only when some fake notifies, whichever one it is', async () => {
    const waiter = new RequestSignal();
    const other = new RequestSignal();
    let value: number | undefined;
    let checks = 0;
    const waiting = waiter.waitFor(() => {
      checks += 1;
      return value;
    });
    expect(checks).toBe(1);
    other.notify();
    expect(checks).toBe(2);
    value = 7;
    other.notify();
    await expect(waiting).resolves.toBe(7);
    other.notify();
    expect(checks).toBe(3);
  });

  it('rejects when the check throws', async () => {
    const signal = new RequestSignal();
    let armed = false;
    const waiting = signal.waitFor(() => {
      if (armed) throw new Error('bad state');
      return undefined;
    });
    armed = true;
    signal.notify();
    await expect(waiting).rejects.toThrow('bad state');
  });

  it('names what it waited for and the recent traffic on timeout', async () => {
    const signal = new RequestSignal(() => 'Recent calls: chat.update');
    await expect(signal.waitFor(() => false, { timeoutMs: 5, description: 'two edits' })).rejects.toThrow(
      'waitFor timed out after 5 ms waiting for: two edits\nRecent calls: chat.update',
    );
    await expect(signal.waitFor(() => false, { timeoutMs: 5 })).rejects.toThrow(/waiting for: \(\) => false/);
  });
});

describe('waiting across fakes', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.close()));
  });

  it('lets FakeSlack.waitFor observe a MoltFlow request', async () => {
    const [slack, moltflow] = await Promise.all([FakeSlack.start(), FakeMoltflow.start()]);
    open.push(slack, moltflow);
    const waiting = slack.waitFor(() => moltflow.requests.find((r) => r.path === '/sessions'));
    await fetch(`${moltflow.baseUrl}/sessions`, { headers: { 'x-api-key': moltflow.apiKey } });
    await expect(waiting).resolves.toMatchObject({ method: 'GET', path: '/sessions' });
  });
});

// Who a MoltFlow request is for. The listener table runs each Slack request's handler inside
// `runAsCaller(userId, …)`; the rate budget reads it back to give one person at most half a minute's budget,
// without every feature passing a user id down to every API call.
import { AsyncLocalStorage } from 'node:async_hooks';

const caller = new AsyncLocalStorage<string>();

export function runAsCaller<T>(userId: string, fn: () => T): T {
  return caller.run(userId, fn);
}

/** The Slack user whose click or command this work serves; undefined for background work. */
export function currentCaller(): string | undefined {
  return caller.getStore();
}

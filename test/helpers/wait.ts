// Event-driven waiting for the fakes: instead of polling on a timer, a check is re-run each time any fake
// handles a request, so a test resumes the moment the state it waits for exists and never races a sleep.
// The listener set is shared, so `slack.waitFor(() => moltflow.requests.length > 0)` works too.

export interface WaitOptions {
  /** Give up after this long; 5 s by default. */
  timeoutMs?: number;
  /** Says what was awaited, for the timeout message; the check's source is used when absent. */
  description?: string;
}

type Check<T> = () => T | undefined | false | null;

const listeners = new Set<() => void>();

export class RequestSignal {
  /** @param context adds the fake's recent traffic to a timeout message (never secrets). */
  constructor(private readonly context: () => string = () => '') {}

  /** Called by a fake after it records or answers a request. */
  notify(): void {
    for (const listener of [...listeners]) listener();
  }

  waitFor<T>(check: Check<T>, opts: WaitOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        listeners.delete(listener);
        if (timer) clearTimeout(timer);
      };
      const listener = (): void => {
        try {
          const value = check();
          if (!value) return;
          finish();
          resolve(value);
        } catch (error) {
          finish();
          reject(error);
        }
      };
      listeners.add(listener);
      listener();
      if (!listeners.has(listener)) return;
      timer = setTimeout(() => {
        finish();
        const what = opts.description ?? describeCheck(check);
        const context = this.context();
        reject(
          new Error(
            `waitFor timed out after ${timeoutMs} ms waiting for: ${what}${context ? `\n${context}` : ''}`,
          ),
        );
      }, timeoutMs);
      // A pending wait must not keep a finished test process alive.
      timer.unref();
    });
  }
}

function describeCheck(check: () => unknown): string {
  const source = check.toString().replace(/\s+/g, ' ').trim();
  return source.length > 200 ? `${source.slice(0, 197)}...` : source;
}

/**
 * For state no fake can announce (a row in the store, written after the request the test saw): re-runs the
 * asynchronous check whenever a fake handles a request and every 10 ms, until it holds or the time is up.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null>,
  opts: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`eventually timed out waiting for: ${opts.description ?? describeCheck(check)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 10);
      function done(): void {
        clearTimeout(timer);
        listeners.delete(done);
        resolve();
      }
      listeners.add(done);
    });
  }
}

import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../log.js';

const TO_BOLT: Record<Logger['level'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Routes Bolt's and the WebClient's log lines through our JSON logger, so they are redacted too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level = TO_BOLT[logger.level];
  const join = (parts: unknown[]) =>
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
      .join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug(join(msg), { source: 'bolt' }),
    info: (...msg: unknown[]) => logger.info(join(msg), { source: 'bolt' }),
    warn: (...msg: unknown[]) => logger.warn(join(msg), { source: 'bolt' }),
    error: (...msg: unknown[]) => logger.error(join(msg), { source: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

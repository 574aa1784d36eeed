import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../log.js';

const TO_BOLT: Record<Logger['level'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/**
 * The WebClient's debug lines that print a whole request or answer (`http request body: {…}`), and Bolt's
 * developer-mode dump of an incoming payload (a bare JSON text). They carry lead names, phone numbers,
 * WhatsApp messages and group members, so only their first words are kept.
 */
const PAYLOAD_LINE = /^(http request (?:body|result|headers):)|^\s*[[{]/;

function withoutPayload(line: string): string {
  const m = PAYLOAD_LINE.exec(line);
  if (!m) return line;
  return `${m[1] ?? 'payload'} [omitted: may hold personal data]`;
}

/** Routes Bolt's and the WebClient's log lines through our JSON logger, so they are redacted too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let level = TO_BOLT[logger.level];
  const join = (parts: unknown[]) =>
    withoutPayload(
      parts
        .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p)))
        .join(' '),
    );
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

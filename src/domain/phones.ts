// Contact lists typed or pasted by people: one contact a line, `phone` or `phone, name`. Phones become E.164
// with `+` (what MoltFlow's examples use, api §1.5). We use libphonenumber-js's *max* metadata: the default
// (min) metadata only checks lengths and leading digits, so it accepts numbers no carrier has issued, and
// every such number would cost a send from the month's quota. The bigger metadata only loads on the server.
import {
  type CountryCode,
  type PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

export interface ParsedContact {
  /** E.164 with the leading `+`. */
  phone: string;
  name: string | null;
}
export interface LineError {
  /** 1-based; 0 for a problem with the whole input. */
  line: number;
  /** The line as typed (trimmed, cut to 60 characters). */
  text: string;
  reason: string;
}
export interface ParsedContacts {
  contacts: ParsedContact[];
  /** Lines that repeated an earlier number (however it was written); folded into the first. */
  duplicates: number;
  errors: LineError[];
}

/** More than this in one submission is refused: five MoltFlow batches, and a modal stays responsive. */
export const MAX_CONTACT_LINES = 5000;
const MAX_NAME = 255;
const NO_REGION = 'add the country code (+1 …) or set DEFAULT_PHONE_REGION';
// Digits and the punctuation people write phones with; anything else (letters, `ext`) is not a phone.
const PHONE_CHARS = /^[+\d\s().\-\u2010-\u2015/]+$/;
const HEADER = /^(phone|phone number|number|mobile|telefone|whatsapp)$/i;

/** One phone as typed → E.164, or why not. */
export function parsePhone(raw: string, defaultRegion?: string): { phone: string } | { reason: string } {
  let text = unquote(raw).replace(/^tel:/i, '');
  const chatId = /^(\d{6,15})@c\.us$/i.exec(text); // a WhatsApp chat id: the number without `+`
  if (chatId) text = `+${chatId[1]}`;
  if (text === '') return { reason: 'no phone number' };
  if (!PHONE_CHARS.test(text) || !/\d/.test(text)) return { reason: 'not a phone number' };
  text = text.replace(/^\s*00/, '+'); // 00 is the international prefix almost everywhere
  const international = text.trimStart().startsWith('+');
  const region = defaultRegion?.toUpperCase() as CountryCode | undefined;
  if (!international && !region) return { reason: NO_REGION };
  const options = international ? undefined : region;
  // libphonenumber's own verdicts, from coarse to fine: is it a number, is its length possible for the
  // country, and is it in a range actually issued there (`isValid`, which the max metadata makes precise).
  const length = validatePhoneNumberLength(text, options);
  if (length === 'NOT_A_NUMBER') return { reason: 'not a phone number' };
  if (length === 'INVALID_COUNTRY') return { reason: 'unknown country code' };
  const parsed = parsePhoneNumberFromString(text, options);
  if (!parsed) return { reason: `too ${length === 'TOO_LONG' ? 'long' : 'short'} for a phone number` };
  if (length === 'TOO_SHORT') return { reason: `too short for ${numberOf(parsed)}` };
  if (length === 'TOO_LONG') return { reason: `too long for ${numberOf(parsed)}` };
  if (length === 'INVALID_LENGTH' || !parsed.isPossible())
    return { reason: `the wrong number of digits for ${numberOf(parsed)}` };
  if (!parsed.isValid())
    return { reason: `${parsed.formatInternational()} is in a range that is not issued to anyone` };
  return { phone: parsed.number };
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** "a +49 (Germany) number"; only the calling code when it is shared (+1, +44, +7) and the country unknown. */
function numberOf(parsed: PhoneNumber): string {
  const name = parsed.country ? REGION_NAMES.of(parsed.country) : undefined;
  return `a +${parsed.countryCallingCode}${name ? ` (${name})` : ''} number`;
}

/** Reads a members box. Blank lines and a `phone,name` header line are skipped; errors never stop the read. */
export function parseContactLines(text: string, defaultRegion?: string): ParsedContacts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const filled = lines.filter((l) => l.trim() !== '').length;
  if (filled > MAX_CONTACT_LINES) {
    const reason = `${filled.toLocaleString('en-US')} lines is too many at once; send at most ${MAX_CONTACT_LINES.toLocaleString('en-US')} contacts per submission`;
    return { contacts: [], duplicates: 0, errors: [{ line: 0, text: '', reason }] };
  }
  const byPhone = new Map<string, ParsedContact>();
  const errors: LineError[] = [];
  let duplicates = 0;
  let first = true;
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const sep = trimmed.search(/[,;\t]/);
    const phoneCell = sep < 0 ? trimmed : trimmed.slice(0, sep);
    const isHeader = first && HEADER.test(unquote(phoneCell));
    first = false;
    if (isHeader) continue;
    const name = sep < 0 ? null : unquote(trimmed.slice(sep + 1)).replace(/\s+/g, ' ') || null;
    const fail = (reason: string) => errors.push({ line: i + 1, text: cut(trimmed, 60), reason });
    if (name !== null && name.length > MAX_NAME) {
      fail(`the name is longer than ${MAX_NAME} characters`);
      continue;
    }
    const result = parsePhone(phoneCell, defaultRegion);
    if ('reason' in result) {
      fail(result.reason);
      continue;
    }
    const earlier = byPhone.get(result.phone);
    if (earlier) {
      duplicates += 1;
      earlier.name ??= name; // a later line may name a number the first one left bare
    } else byPhone.set(result.phone, { phone: result.phone, name });
  }
  return { contacts: [...byPhone.values()], duplicates, errors };
}

/**
 * The text under a modal field: `Line 3 (12ab): not a phone number; line 7 (+1 202): too short …`, at most
 * `maxItems` lines named and `maxChars` long, ending with how many more there are. `inline` drops the line
 * numbers, for numbers typed after a command.
 */
export function describeLineErrors(
  errors: readonly LineError[],
  opts: { maxItems?: number; maxChars?: number; inline?: boolean } = {},
): string {
  const maxItems = opts.maxItems ?? 8;
  const maxChars = opts.maxChars ?? 1500;
  const parts: string[] = [];
  let length = 0;
  for (const e of errors.slice(0, maxItems)) {
    const typed = cut(e.text, 30);
    const where =
      e.line === 0 ? '' : opts.inline ? `${typed}: ` : `line ${e.line}${typed ? ` (${typed})` : ''}: `;
    const part = `${where}${e.reason}`;
    if (length + part.length + 2 > maxChars - 40) break;
    parts.push(part);
    length += part.length + 2;
  }
  const more = errors.length - parts.length;
  const head = parts.join('; ');
  const noun = opts.inline ? 'number' : 'line';
  const text = more > 0 ? `${head}; and ${more} more ${noun}${more === 1 ? '' : 's'} to fix` : head;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unquote(s: string): string {
  return s
    .trim()
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .trim();
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

// MoltFlow wraps lists inconsistently (a bare array for sessions, `leads` for leads, `items` for groups,
// unknown elsewhere), and one malformed item must not hide the rest of a page. So: accept every known
// envelope, and validate item by item.
import type { z } from 'zod';
import { MoltflowValidationError, validationErrorFromZod } from './errors.js';

export interface DecodedList<T> {
  items: T[];
  total: number | null;
  invalid: MoltflowValidationError[];
}

export function decodeList<T>(body: unknown, item: z.ZodType<T>, keys: readonly string[]): DecodedList<T> {
  const found = findArray(body, keys);
  if (found === null) {
    const expected = ['a JSON array', ...['items', ...keys].map((k) => `{${k}: [...]}`)].join(' or ');
    throw new MoltflowValidationError('(body)', [`(body): expected ${expected}, received ${describe(body)}`]);
  }
  const items: T[] = [];
  const invalid: MoltflowValidationError[] = [];
  found.array.forEach((element, index) => {
    const parsed = item.safeParse(element);
    if (parsed.success) items.push(parsed.data);
    else invalid.push(validationErrorFromZod(parsed.error, `${found.label}[${index}]`));
  });
  const total =
    isRecord(body) && typeof body.total === 'number' && Number.isFinite(body.total) ? body.total : null;
  return { items, total, invalid };
}

function findArray(body: unknown, keys: readonly string[]): { array: unknown[]; label: string } | null {
  if (Array.isArray(body)) return { array: body, label: '' };
  if (!isRecord(body)) return null;
  for (const key of ['items', ...keys]) {
    const value = body[key];
    if (Array.isArray(value)) return { array: value, label: key };
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'an empty body';
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length > 0 ? `an object with keys ${keys.join(', ')}` : 'an empty object';
  }
  return typeof value;
}

// How many leads an export holds, to name the count and spot MoltFlow's 10,000-row cap. A CSV row may
// carry line breaks inside quotes (a WhatsApp message preview often does), so lines are not rows.

/** Records in a CSV text, not counting the header line or blank lines. */
export function countCsvRows(csv: string): number {
  let records = 0;
  let inQuotes = false;
  let filled = false;
  for (let i = 0; i < csv.length; i += 1) {
    const ch = csv[i];
    if (ch === '"') inQuotes = !inQuotes; // an escaped "" flips twice
    if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (filled) records += 1;
      filled = false;
      continue;
    }
    if (ch !== ' ' && ch !== '\t') filled = true;
  }
  if (filled) records += 1;
  return Math.max(0, records - 1);
}

/** Items in a JSON export: a bare array per the docs, or an array under `leads`/`items`; null if neither. */
export function countJsonRows(json: string): number | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  if (Array.isArray(body)) return body.length;
  if (body !== null && typeof body === 'object') {
    for (const key of ['leads', 'items', 'data']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value.length;
    }
  }
  return null;
}

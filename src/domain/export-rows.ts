// How many leads an export holds, to name the count and spot MoltFlow's 10,000-row cap, and the export made
// safe to open in a spreadsheet. A CSV row may carry line breaks inside quotes (a WhatsApp message preview
// often does), so lines are not rows.

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

// Spreadsheet formula injection: a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return,
// which some spreadsheets skip before reading one of those) is run as a formula when the file is opened, so
// a lead named `=HYPERLINK("http://evil","click")` would become a live link. Every such cell gets a leading
// `'`, which spreadsheets treat as "this is text". Phone numbers (`+1…`) are prefixed too: MoltFlow's text
// is untrusted whatever its column, and a number kept as text is what a phone number should be anyway.

const FORMULA_START = /^[=+\-@\t\r]/;

/** `value` as text a spreadsheet will not run. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180 records: fields separated by commas, records by CRLF, LF or CR; a quoted field may hold commas,
 * line breaks and `""` for a quote. A final line break does not start an empty record.
 */
export function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  /** Whether the record being read has any character yet (`""` is one empty field, not nothing). */
  let started = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    started = false;
  };
  while (i < csv.length) {
    const ch = csv[i] as string;
    started = true;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' || ch === '\n') {
      endRecord();
      if (ch === '\r' && csv[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (started) endRecord();
  return records;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records back to CSV text, quoting only the fields that need it. */
export function formatCsv(records: readonly (readonly string[])[], eol = '\r\n'): string {
  return records.map((r) => r.map(csvField).join(',')).join(eol);
}

export interface SafeExport {
  /** The file to upload: the same records, every risky cell prefixed with `'`. */
  content: string;
  /** Data rows (CSV records after the header; JSON items). */
  rows: number;
  /** How many cells (CSV) or string values (JSON) were prefixed. */
  neutralised: number;
}

/**
 * A MoltFlow CSV export made safe to open in a spreadsheet. The line ending MoltFlow used (first one
 * outside quotes) and a final line break are kept.
 */
export function neutraliseCsv(csv: string): SafeExport {
  const eol = /\r\n|\n|\r/.exec(stripQuoted(csv))?.[0] ?? '\r\n';
  let neutralised = 0;
  const records = parseCsv(csv).map((record) =>
    record.map((cell) => {
      const safe = neutraliseCell(cell);
      if (safe !== cell) neutralised += 1;
      return safe;
    }),
  );
  const trailing = /[\r\n]$/.test(csv) && records.length > 0 ? eol : '';
  const rows = records.filter((r) => r.some((cell) => cell.trim() !== '')).length;
  return { content: formatCsv(records, eol) + trailing, rows: Math.max(0, rows - 1), neutralised };
}

/** The text with quoted fields removed, so a line break inside quotes is not taken for the file's. */
function stripQuoted(csv: string): string {
  return csv.replace(/"(?:[^"]|"")*"/g, '');
}

/**
 * A MoltFlow JSON export made safe: every string value (at any depth; keys are left alone) gets the same
 * treatment as a CSV cell, since the file is often converted to a sheet. Null when it is not JSON or not a
 * list of rows (see countJsonRows).
 */
export function neutraliseJson(json: string): SafeExport | null {
  const rows = countJsonRows(json);
  if (rows === null) return null;
  let neutralised = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const safe = neutraliseCell(value);
      if (safe !== value) neutralised += 1;
      return safe;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  const content = JSON.stringify(walk(JSON.parse(json)), null, 2);
  return { content, rows, neutralised };
}

/** Either format; null when a JSON export is unreadable. */
export function neutraliseExport(format: 'csv' | 'json', content: string): SafeExport | null {
  return format === 'csv' ? neutraliseCsv(content) : neutraliseJson(content);
}

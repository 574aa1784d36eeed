import { describe, expect, it } from 'vitest';
import { countCsvRows, countJsonRows } from '../../src/domain/export-rows.js';

describe('countCsvRows', () => {
  it.each([
    ['', 0],
    ['id,name\n', 0],
    ['id,name\r\n1,a\r\n2,b\r\n', 2],
    ['id,name\n1,a\n2,b', 2],
    ['id,name\n1,"line\nbreak, ""quoted"""\n2,b\n\n', 2],
    ['id,name\n1,"a\r\nb"\n', 1],
  ])('counts %j as %i rows', (csv, rows) => {
    expect(countCsvRows(csv)).toBe(rows);
  });
});

describe('countJsonRows', () => {
  it.each([
    ['[]', 0],
    ['[{"id":1},{"id":2}]', 2],
    ['{"leads":[{},{},{}]}', 3],
    ['{"items":[{}]}', 1],
    ['{"detail":"x"}', null],
    ['not json', null],
  ])('counts %s as %s', (json, rows) => {
    expect(countJsonRows(json)).toBe(rows);
  });
});

import { describe, expect, it } from 'vitest';
import {
  countCsvRows,
  countJsonRows,
  formatCsv,
  neutraliseCell,
  neutraliseCsv,
  neutraliseExport,
  neutraliseJson,
  parseCsv,
} from '../../src/domain/export-rows.js';

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

describe('neutraliseCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+15551234567', "'+15551234567"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['Ana', 'Ana'],
    ['', ''],
    [' =1', ' =1'],
    ["'=already", "'=already"],
    ['a=b', 'a=b'],
  ])('%j → %j', (cell, safe) => {
    expect(neutraliseCell(cell)).toBe(safe);
  });
});

describe('parseCsv', () => {
  it.each([
    ['', []],
    ['a,b', [['a', 'b']]],
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a\r1\r', [['a'], ['1']]],
    ['a,,\n', [['a', '', '']]],
    ['"x, y","he said ""hi""","line\nbreak"\n', [['x, y', 'he said "hi"', 'line\nbreak']]],
    ['"=HYPERLINK(""x"")",b', [['=HYPERLINK("x")', 'b']]],
    ['a\n\nb\n', [['a'], [''], ['b']]],
    ['""', [['']]],
  ])('reads %j', (csv, records) => {
    expect(parseCsv(csv)).toEqual(records);
  });

  it('writes back what it read', () => {
    const csv = 'id,name,note\r\n1,"Souza, Ana","she said ""hi""\nthen left"\r\n2,Bea,';
    expect(formatCsv(parseCsv(csv))).toBe(csv);
  });
});

describe('neutraliseCsv', () => {
  it('prefixes every risky cell, quoted or not, and keeps the rest of the file as it was', () => {
    const csv =
      'id,contact_name,contact_phone,message_preview\n' +
      '1,"=HYPERLINK(""http://evil"",""click"")",+15550001111,"hi, =1+1 here"\n' +
      '2,@boss,-5,"line\n=2+2"\n' +
      '3,"Souza, Ana",5550002222,"\t=cmd"\n';
    const safe = neutraliseCsv(csv);
    expect(safe.rows).toBe(3);
    expect(safe.neutralised).toBe(5);
    expect(parseCsv(safe.content)).toEqual([
      ['id', 'contact_name', 'contact_phone', 'message_preview'],
      ['1', `'=HYPERLINK("http://evil","click")`, "'+15550001111", 'hi, =1+1 here'],
      ['2', "'@boss", "'-5", 'line\n=2+2'],
      ['3', 'Souza, Ana', '5550002222', "'\t=cmd"],
    ]);
    expect(safe.content).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(safe.content.endsWith('\n')).toBe(true);
    expect(safe.content).not.toContain('\r\n');
  });

  it('keeps CRLF line endings and counts no rows in a header-only file', () => {
    expect(neutraliseCsv('id,name\r\n')).toEqual({ content: 'id,name\r\n', rows: 0, neutralised: 0 });
    expect(neutraliseCsv('')).toEqual({ content: '', rows: 0, neutralised: 0 });
    expect(neutraliseCsv('a\r\n"x\ny"\r\n').content).toBe('a\r\n"x\ny"\r\n');
  });
});

describe('neutraliseJson', () => {
  it('prefixes every risky string value at any depth, never keys or numbers', () => {
    const json = JSON.stringify([
      { id: 1, contact_name: '=cmd|"/c calc"!A1', contact_phone: '+15550001111', score: -3 },
      { id: 2, contact_name: 'Bea', source_group: { name: '@team' }, tags: ['-x', 'ok'], '=key': null },
    ]);
    const safe = neutraliseJson(json);
    expect(safe?.rows).toBe(2);
    expect(safe?.neutralised).toBe(4);
    expect(JSON.parse(safe?.content ?? '')).toEqual([
      { id: 1, contact_name: `'=cmd|"/c calc"!A1`, contact_phone: "'+15550001111", score: -3 },
      { id: 2, contact_name: 'Bea', source_group: { name: "'@team" }, tags: ["'-x", 'ok'], '=key': null },
    ]);
  });

  it('keeps an object wrapper and refuses what is not a list of rows', () => {
    expect(JSON.parse(neutraliseJson('{"leads":[{"n":"=1"}]}')?.content ?? '')).toEqual({
      leads: [{ n: "'=1" }],
    });
    expect(neutraliseJson('{"detail":"x"}')).toBeNull();
    expect(neutraliseJson('not json')).toBeNull();
  });

  it('picks the format', () => {
    expect(neutraliseExport('csv', 'a\n=1\n')?.content).toBe("a\n'=1\n");
    expect(neutraliseExport('json', '["=1"]')?.content).toBe('[\n  "\'=1"\n]');
  });
});

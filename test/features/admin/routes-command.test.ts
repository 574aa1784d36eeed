import { describe, expect, it } from 'vitest';
import { parseRouteRequest } from '../../../src/features/admin/routes-command.js';

describe('parseRouteRequest', () => {
  it.each([
    ['Buyers Club <#C0123ABCD|sales>', { ok: true, group: 'Buyers Club', channel: 'C0123ABCD' }],
    ['Buyers Club <#G0123ABCD|>', { ok: true, group: 'Buyers Club', channel: 'G0123ABCD' }],
    ['"Buyers Club" C0123ABCD', { ok: true, group: 'Buyers Club', channel: 'C0123ABCD' }],
    ['Sales &amp; Deals <#C0123ABCD>', { ok: true, group: 'Sales & Deals', channel: 'C0123ABCD' }],
  ])('reads %j', (text, request) => {
    expect(parseRouteRequest(text)).toEqual(request);
  });

  it.each([
    ['', { ok: false, problem: 'usage' }],
    ['Buyers Club', { ok: false, problem: 'usage' }],
    ['Buyers Club C01', { ok: false, problem: 'usage' }],
    ['<#C0123ABCD|sales>', { ok: false, problem: 'no_group' }],
    ['Buyers Club #sales', { ok: false, problem: 'channel_name', typed: '#sales' }],
    ['Buyers <@U0123ABCD>', { ok: false, problem: 'usage' }],
  ])('refuses %j', (text, request) => {
    expect(parseRouteRequest(text)).toEqual(request);
  });
});

describe('any text after the command', () => {
  const nasty = [
    '"',
    '“',
    '<#>',
    '<#C|>',
    '&lt;#C0123ABCD&gt;',
    'a'.repeat(5000),
    '\u0000 \uFFFF 😀 <!everyone>',
    '```` <#C0123ABCD|x',
    '   \n\t ',
  ];
  it.each(nasty)('never throws on %j', (text) => {
    expect(() => parseRouteRequest(text)).not.toThrow();
  });
});

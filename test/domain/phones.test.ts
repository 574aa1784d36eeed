import { describe, expect, it } from 'vitest';
import {
  describeLineErrors,
  MAX_CONTACT_LINES,
  parseContactLines,
  parsePhone,
} from '../../src/domain/phones.js';

describe('parsePhone', () => {
  it.each([
    ['+1 (415) 555-2671', '+14155552671'],
    ['+14155552671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+55 11 99999-9999', '+5511999999999'],
    ['5511999999999@c.us', '+5511999999999'],
    ['"+49 30 123456"', '+4930123456'],
  ])('reads %s as %s without a region', (typed, e164) => {
    expect(parsePhone(typed)).toEqual({ phone: e164 });
  });

  it('reads national numbers with the default region, and refuses them without one', () => {
    expect(parsePhone('(415) 555-2671', 'US')).toEqual({ phone: '+14155552671' });
    expect(parsePhone('020 7946 0958', 'gb')).toEqual({ phone: '+442079460958' });
    expect(parsePhone('11 99999-9999', 'BR')).toEqual({ phone: '+5511999999999' });
    expect(parsePhone('(415) 555-2671')).toEqual({
      reason: 'add the country code (+1 …) or set DEFAULT_PHONE_REGION',
    });
  });

  it('keeps an explicit country code over the default region', () => {
    expect(parsePhone('+44 20 7946 0958', 'US')).toEqual({ phone: '+442079460958' });
  });

  it.each([
    ['12ab', 'not a phone number'],
    ['call me', 'not a phone number'],
    ['+1 415 555 2671 ext. 5', 'not a phone number'],
    ['+', 'not a phone number'],
    ['+1', 'too short for a phone number'],
    ['+1 202', 'too short for a +1 number'],
    ['+49 30 1', 'too short for a +49 (Germany) number'],
    ['+44 20 7946 09581', 'too long for a +44 number'],
    ['+55 11 99999-99999', 'too long for a +55 (Brazil) number'],
    ['+1 415 555 2671 1234 5678', 'too long for a phone number'],
    ['+7 999 999 99 99 9', 'the wrong number of digits for a +7 (Russia) number'],
    ['+999 1234 5678', 'unknown country code'],
    ['+1 555 012 3456', '+1 555 012 3456 is in a range that is not issued to anyone'],
    ['+1 015 555 2671', '+1 0155552671 is in a range that is not issued to anyone'],
    ['', 'no phone number'],
  ])('refuses %j: %s', (typed, reason) => {
    expect(parsePhone(typed)).toEqual({ reason });
  });

  it('says how it read a national number when the range is not issued, or the length is wrong', () => {
    expect(parsePhone('555 012 3456', 'US')).toEqual({
      reason: '+1 555 012 3456 is in a range that is not issued to anyone',
    });
    expect(parsePhone('12', 'US')).toEqual({ reason: 'too short for a +1 (United States) number' });
  });
});

describe('parseContactLines', () => {
  it('turns each line into an E.164 contact, with the name after the comma', () => {
    const result = parseContactLines(
      '+1 415 555 2671, Ana Souza\n+44 20 7946 0958\n+5511999999999 ;  Bo  Li ',
    );
    expect(result).toEqual({
      contacts: [
        { phone: '+14155552671', name: 'Ana Souza' },
        { phone: '+442079460958', name: null },
        { phone: '+5511999999999', name: 'Bo Li' },
      ],
      duplicates: 0,
      errors: [],
    });
  });

  it('keeps commas inside a name and strips CSV quotes', () => {
    const result = parseContactLines('"+14155552671","Souza, Ana"\n+442079460958\t"Bo"');
    expect(result.contacts).toEqual([
      { phone: '+14155552671', name: 'Souza, Ana' },
      { phone: '+442079460958', name: 'Bo' },
    ]);
  });

  it('uses the default region for numbers without a country code', () => {
    const result = parseContactLines('415-555-2671\n(202) 555-0123, Bo', 'US');
    expect(result.contacts.map((c) => c.phone)).toEqual(['+14155552671', '+12025550123']);
    expect(result.errors).toEqual([]);
  });

  it('folds the same number written differently into one contact and counts the repeats', () => {
    const result = parseContactLines(
      ['+1 415 555 2671', '(415) 555-2671, Ana', '+14155552671, Other', '001 415 555 2671'].join('\n'),
      'US',
    );
    expect(result.contacts).toEqual([{ phone: '+14155552671', name: 'Ana' }]);
    expect(result.duplicates).toBe(3);
  });

  it('ignores blank lines, Windows line ends and a phone,name header, and numbers lines as typed', () => {
    const result = parseContactLines('phone,name\r\n\r\n+14155552671,Ana\r\n   \r\n12ab\r\n');
    expect(result.contacts).toEqual([{ phone: '+14155552671', name: 'Ana' }]);
    expect(result.errors).toEqual([{ line: 5, text: '12ab', reason: 'not a phone number' }]);
  });

  it('reports every bad line and still reads the good ones', () => {
    const result = parseContactLines('+14155552671\nhello, Bo\n4155552671\n+1 202\n+999 1234 5678');
    expect(result.contacts).toHaveLength(1);
    expect(result.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'not a phone number'],
      [3, 'add the country code (+1 …) or set DEFAULT_PHONE_REGION'],
      [4, 'too short for a +1 number'],
      [5, 'unknown country code'],
    ]);
  });

  it('refuses a name longer than 255 characters', () => {
    const result = parseContactLines(`+14155552671, ${'x'.repeat(256)}`);
    expect(result.errors[0]?.reason).toMatch(/name is longer than 255/);
    expect(result.errors[0]?.text.length).toBeLessThanOrEqual(60);
  });

  it('refuses more lines than one submission may carry, before reading any', () => {
    const many = Array.from(
      { length: MAX_CONTACT_LINES + 1 },
      (_, i) => `+1415555${String(i).padStart(4, '0')}`,
    );
    const result = parseContactLines(many.join('\n'));
    expect(result.contacts).toEqual([]);
    expect(result.errors).toEqual([
      { line: 0, text: '', reason: expect.stringMatching(/5,001 lines is too many.*at most 5,000/) },
    ]);
  });

  it('reads exactly the maximum', () => {
    const many = Array.from({ length: MAX_CONTACT_LINES }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    const result = parseContactLines(many.join('\n'));
    expect(result.errors).toEqual([]);
    expect(result.contacts).toHaveLength(MAX_CONTACT_LINES);
  });
});

describe('describeLineErrors', () => {
  it('names each line and what is wrong with it', () => {
    const { errors } = parseContactLines('+14155552671\n\n12ab\n+1 202');
    expect(describeLineErrors(errors)).toBe(
      'Line 3 (12ab): not a phone number; line 4 (+1 202): too short for a +1 number',
    );
  });

  it('stays short when many lines are wrong, saying how many more there are', () => {
    const { errors } = parseContactLines(
      Array.from({ length: 400 }, (_, i) => `bad-${i}-${'y'.repeat(50)}`).join('\n'),
    );
    const text = describeLineErrors(errors);
    expect(text.length).toBeLessThan(2000);
    expect(text).toMatch(/^Line 1 \(bad-0-y+…\): not a phone number; line 2/);
    expect(text).toMatch(/and 392 more lines to fix$/);
  });

  it('drops line numbers for numbers typed after a command', () => {
    expect(
      describeLineErrors([{ line: 2, text: '12ab', reason: 'not a phone number' }], { inline: true }),
    ).toBe('12ab: not a phone number');
  });

  it('shows a whole-input problem on its own', () => {
    const { errors } = parseContactLines(
      Array(MAX_CONTACT_LINES + 5)
        .fill('+14155552671')
        .join('\n'),
    );
    expect(describeLineErrors(errors)).toMatch(/^5,005 lines is too many/);
  });
});

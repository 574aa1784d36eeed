import { describe, expect, it } from 'vitest';
import {
  dateToken,
  escapeAndHighlight,
  escapeMrkdwn,
  md,
  plain,
  quote,
  truncate,
  uniqueBlockId,
} from '../../src/slack/blocks.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENTITY_FRAGMENT = /&(?!amp;|lt;|gt;)|&(?:a|am|amp|l|lt|g|gt)…/;

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >, ampersand first', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <http://evil|bank>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;http://evil|bank&gt;',
    );
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('*bold* _it_ ~x~ `c` "q" \'s\'')).toBe('*bold* _it_ ~x~ `c` "q" \'s\'');
  });
});

describe('truncate', () => {
  it('leaves short text alone and marks a cut with an ellipsis within the limit', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello world', 6)).toHaveLength(6);
  });

  it('never cuts inside an entity, at any cut point', () => {
    const escaped = escapeMrkdwn('a&b<c>d&&<<>>e'.repeat(5));
    for (let max = 1; max <= escaped.length; max++) {
      const out = truncate(escaped, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(ENTITY_FRAGMENT);
      if (max < escaped.length) expect(out.endsWith('…')).toBe(true);
    }
  });

  it('never leaves a lone surrogate', () => {
    const s = '😀'.repeat(10);
    for (let max = 1; max <= s.length; max++) {
      const out = truncate(s, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('escapeAndHighlight', () => {
  it('bolds every case-insensitive occurrence keeping the original casing', () => {
    expect(escapeAndHighlight('Price? What is the PRICE, price!', 'price', 1000)).toBe(
      '*Price*? What is the *PRICE*, *price*!',
    );
  });

  it('handles a keyword with & and < and never matches inside an entity', () => {
    expect(escapeAndHighlight('Buy R&D <now> or r&d', 'r&d', 1000)).toBe(
      'Buy *R&amp;D* &lt;now&gt; or *r&amp;d*',
    );
    expect(escapeAndHighlight('a <b> c', '<b>', 1000)).toBe('a *&lt;b&gt;* c');
    // "amp" and "lt" occur in the escaped form only; they must not be bolded there.
    expect(escapeAndHighlight('A & B < C', 'amp', 1000)).toBe('A &amp; B &lt; C');
    expect(escapeAndHighlight('A & B < C', 'lt', 1000)).toBe('A &amp; B &lt; C');
  });

  it('treats regex characters in the keyword literally', () => {
    expect(escapeAndHighlight('cost (usd)? cost usd', '(usd)?', 1000)).toBe('cost *(usd)?* cost usd');
  });

  it('returns plain escaped text when the keyword is absent or blank', () => {
    expect(escapeAndHighlight('hi <there>', 'price', 1000)).toBe('hi &lt;there&gt;');
    expect(escapeAndHighlight('hi <there>', '  ', 1000)).toBe('hi &lt;there&gt;');
    expect(escapeAndHighlight('hi <there>', null, 1000)).toBe('hi &lt;there&gt;');
  });

  it('stays within the limit with balanced bold markers and whole entities, at any cut point', () => {
    const raw = 'Need <price> & PRICE list, price&more '.repeat(4);
    for (let max = 2; max <= 250; max++) {
      const out = escapeAndHighlight(raw, 'price', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect((out.match(/\*/g) ?? []).length % 2).toBe(0);
      expect(out).not.toMatch(ENTITY_FRAGMENT);
      expect(out).not.toContain('<');
    }
  });
});

describe('dateToken', () => {
  it('renders the epoch, the format and a UTC fallback', () => {
    const d = new Date('2026-11-24T14:05:59.900Z');
    expect(dateToken(d)).toBe(
      `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} at {time}|2026-11-24 14:05 UTC>`,
    );
    expect(dateToken(d, '{time}')).toMatch(/^<!date\^\d+\^\{time\}\|2026-11-24 14:05 UTC>$/);
  });

  it('does not emit a broken token for an invalid date', () => {
    expect(dateToken(new Date(Number.NaN))).not.toContain('<');
  });
});

describe('text objects and ids', () => {
  it('plain text is never empty and respects its limit', () => {
    expect(plain('').text).toBe('—');
    expect(plain('   ').text).toBe('—');
    expect(plain('x'.repeat(200), 150).text).toHaveLength(150);
    expect(plain('hi')).toEqual({ type: 'plain_text', text: 'hi', emoji: true });
  });

  it('md wraps text as mrkdwn', () => {
    expect(md('*a*')).toEqual({ type: 'mrkdwn', text: '*a*' });
  });

  it('quote prefixes every line', () => {
    expect(quote('a\n\nb')).toBe('>a\n>\n>b');
  });

  it('uniqueBlockId changes with the revision and stays within 255 characters', () => {
    expect(uniqueBlockId('lead_actions', 1)).not.toBe(uniqueBlockId('lead_actions', 2));
    expect(uniqueBlockId('x'.repeat(300), 'r'.repeat(300)).length).toBeLessThanOrEqual(255);
    expect(uniqueBlockId('x'.repeat(300), 'a')).not.toBe(uniqueBlockId('x'.repeat(300), 'b'));
  });
});

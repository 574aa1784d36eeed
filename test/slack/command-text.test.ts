import { describe, expect, it } from 'vitest';
import { decodeCommandText } from '../../src/slack/command-text.js';

describe('decodeCommandText', () => {
  it("undoes Slack's escaping of command text", () => {
    expect(decodeCommandText('R&amp;D &lt;team&gt;')).toBe('R&D <team>');
  });

  it('decodes once: an escaped entity the person typed stays as typed', () => {
    expect(decodeCommandText('&lt;!channel&gt; &amp;lt;')).toBe('<!channel> &lt;');
  });
});

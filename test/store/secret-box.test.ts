import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from '../../src/store/secret-box.js';

const key = randomBytes(32);

describe('SecretBox', () => {
  it('seals to a versioned text that does not contain the secret and opens it again', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('xoxb-1234-secret-token', 'T0AAA');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed, 'T0AAA')).toBe('xoxb-1234-secret-token');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(SecretBox.isSealed('xoxb-1234')).toBe(false);
  });

  it('uses a fresh IV each time, so equal secrets do not look equal at rest', () => {
    const box = new SecretBox(key);
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses another key, another context and an altered ciphertext without echoing them', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('mf_live_key_abcd', 'T0AAA');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'T0AAA')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'T0BBB')).toThrow(/does not open/);
    const [v, iv, body, tag] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open([v, iv, flipped.toString('base64'), tag].join(':'), 'T0AAA')).toThrow(
      SecretBoxError,
    );
    expect(() => box.open('plain text', 'T0AAA')).toThrow(/v1:/);
    try {
      box.open(sealed, 'T0BBB');
    } catch (error) {
      expect(String(error)).not.toContain(sealed);
    }
  });

  it('derives the same secret for a purpose and context on every replica, and a different one elsewhere', () => {
    const one = new SecretBox(key);
    const again = new SecretBox(Buffer.from(key));
    expect(one.derive('moltflow-webhook', 'T0AAA')).toBe(again.derive('moltflow-webhook', 'T0AAA'));
    expect(one.derive('moltflow-webhook', 'T0AAA')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one.derive('moltflow-webhook', 'T0AAA')).not.toBe(one.derive('moltflow-webhook', 'T0BBB'));
    expect(one.derive('moltflow-webhook', 'T0AAA')).not.toBe(one.derive('other', 'T0AAA'));
    expect(new SecretBox(randomBytes(32)).derive('moltflow-webhook', 'T0AAA')).not.toBe(
      one.derive('moltflow-webhook', 'T0AAA'),
    );
  });

  it('takes only a 32-byte base64 key', () => {
    const good = randomBytes(32).toString('base64');
    expect(SecretBox.fromBase64(good).open(SecretBox.fromBase64(good).seal('x'))).toBe('x');
    expect(() => SecretBox.fromBase64(randomBytes(16).toString('base64'))).toThrow(/32 random bytes/);
    expect(() => SecretBox.fromBase64('not base64 at all!!')).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(31))).toThrow(/32 bytes/);
  });
});

import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

// Secrets at rest (Slack bot tokens of installed workspaces, each workspace's MoltFlow API key) are sealed
// with AES-256-GCM under ENCRYPTION_KEY before they reach the database, so a copy of the database file or a
// read-only SQL login reveals none of them. The stored form is text, versioned so the scheme can change:
//
//   v1:<base64 iv (12 bytes)>:<base64 ciphertext>:<base64 tag (16 bytes)>
//
// GCM's tag makes tampering (or a different key) fail loudly instead of yielding garbage. The optional
// context (e.g. the workspace id) is bound as additional authenticated data: a ciphertext copied to
// another workspace's row does not open there.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export class SecretBox {
  readonly #key: Buffer;

  /** `key`: exactly 32 bytes (ENCRYPTION_KEY, base64-decoded by the config). */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new SecretBoxError(`The encryption key must be ${KEY_BYTES} bytes; got ${key.length}`);
    }
    this.#key = Buffer.from(key);
  }

  /** Decodes a base64 key of exactly 32 bytes; the error never repeats the key. */
  static fromBase64(text: string): SecretBox {
    const trimmed = text.trim();
    const key = Buffer.from(trimmed, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
      throw new SecretBoxError(
        `ENCRYPTION_KEY must be ${KEY_BYTES} random bytes, base64-encoded (openssl rand -base64 32)`,
      );
    }
    return new SecretBox(key);
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64'), body.toString('base64'), tag.toString('base64')].join(':');
  }

  /** Throws SecretBoxError when the text is not ours, was altered, or was sealed under another key/context. */
  open(sealed: string, context = ''): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError('Not a sealed secret (expected the v1: form)');
    }
    const [, ivText, bodyText, tagText] = parts as [string, string, string, string];
    const iv = Buffer.from(ivText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('Sealed secret is malformed');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // Never echo the input: it may be a secret sealed under another key.
      throw new SecretBoxError('Sealed secret does not open with this ENCRYPTION_KEY (wrong key or altered)');
    }
  }

  /**
   * A secret derived from the key for one purpose and context (HMAC-SHA256), the same on every replica
   * without being stored, e.g. a workspace's webhook secret: nothing to race over, nothing to leak at rest.
   */
  derive(purpose: string, context: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}\0${context}`).digest('base64url');
  }

  static isSealed(text: string): boolean {
    return text.startsWith(`${VERSION}:`);
  }
}

// Decoding a Web API request the way Slack does: form or JSON bodies, JSON-encoded nested arguments
// (WebClient stringifies blocks, metadata, view, attachments, files), and the Bearer token.
import type { IncomingMessage } from 'node:http';

const JSON_ARGS = ['blocks', 'metadata', 'view', 'attachments', 'files'];

export async function parseArgs(
  req: IncomingMessage,
  body: Buffer,
): Promise<Record<string, unknown> | undefined> {
  const type = req.headers['content-type'] ?? '';
  let args: Record<string, unknown>;
  if (body.length === 0) args = {};
  else if (type.includes('application/json')) {
    try {
      args = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  } else if (type.includes('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    args = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  } else {
    args = Object.fromEntries(new URLSearchParams(body.toString('utf8')).entries());
  }
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as a string: the method then rejects it as Slack would.
    }
  }
  return args;
}

/** The bytes of a files.uploadV2 upload: WebClient sends multipart with the file in the `body` field. */
export async function uploadedBytes(req: IncomingMessage, body: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  const part = form.get('body') ?? [...form.values()].find((v) => typeof v !== 'string');
  if (part === null || part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim() ?? null;
}

/** HTTP Basic client credentials (oauth.v2.access may send client_id and client_secret this way). */
export function basicAuth(req: IncomingMessage): { id: string; secret: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const [id = '', secret = ''] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
  return { id, secret };
}

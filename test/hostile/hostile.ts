// Hostile text for fuzzing and rendering checks, and the helpers that look for what must never get through.

/** Strings that would ping, link or impersonate if they reached mrkdwn unescaped. */
export const PLANTED = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UFUZZ0001>',
  '<#CFUZZ0001',
  '<!subteam^SFUZZ',
  '<http://evil.example',
];

export const HOSTILE_STRINGS = [
  '<!channel>',
  '<!here> hello <!everyone>',
  '<@UFUZZ0001> you won',
  '<#CFUZZ0001|general> see here',
  '<!subteam^SFUZZ01|@admins>',
  '<http://evil.example|https://bank.example> log in',
  '&lt;!channel&gt; already escaped',
  "'; DROP TABLE lead_records; --",
  '" OR 1=1 --',
  '../../../../etc/passwd',
  'C:\\Windows\\System32\\config',
  '%00%0d%0a\u0000\u0007\u001b[31mred',
  '\u202eevil\u202c rtl override',
  '🦄'.repeat(500),
  'x'.repeat(5000),
  '   \t\n  ',
  '*bold* _it_ ~s~ `code` ```block```',
  '{"json": true, "status": "converted"}',
  'new contacted qualified converted lost all',
  '+1 (555) 010-9999, Name <!channel>',
];

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz     ',
  '<>&@!#|^*_~`"\'\\/;:,.{}[]()%$',
  '0123456789+-',
  'çãéüßøåñ漢字かなРусскийعربي',
  '\u0000\u0001\u0007\u001b\u200b\u202e\ufeff\n\t',
];

/** Random text mixing printable, punctuation, unicode and control characters, sometimes behind a subcommand. */
export function randomText(random: () => number, words: readonly string[]): string {
  const length = Math.floor(random() ** 2 * 600);
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const alphabet = ALPHABETS[Math.floor(random() * ALPHABETS.length)] ?? '';
    out += [...alphabet][Math.floor(random() * [...alphabet].length)] ?? '';
  }
  const word = words[Math.floor(random() * (words.length + 1))];
  return word ? `${word} ${out}` : out;
}

/**
 * Every string Slack would parse as mrkdwn in a payload: top-level `text` and mrkdwn text objects (also
 * inside JSON-encoded `blocks`/`view` strings as WebClient sends them). plain_text is shown literally.
 */
export function parsedTexts(value: unknown): string[] {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('[') || trimmed.startsWith('{')) && trimmed.length > 1) {
      try {
        return parsedTexts(JSON.parse(trimmed));
      } catch {
        return [];
      }
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap(parsedTexts);
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const own = typeof node.text === 'string' && node.type !== 'plain_text' ? [node.text] : [];
  return [
    ...own,
    ...Object.entries(node).flatMap(([key, v]) =>
      key === 'text' && typeof v === 'string' ? [] : parsedTexts(v),
    ),
  ];
}

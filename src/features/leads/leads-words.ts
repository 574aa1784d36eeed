// The small text tools behind the /leads parser: Slack's escaping undone, quote-aware tokens, and a typo
// check so "contactd" is answered with "did you mean contacted?".

export interface Token {
  text: string;
  quoted: boolean;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/"([^"]*)"?|“([^”]*)”?|(\S+)/g)) {
    const quoted = m[3] === undefined;
    tokens.push({ text: (m[1] ?? m[2] ?? m[3] ?? '').trim(), quoted });
  }
  return tokens;
}

/** A typo of a status: a prefix of at least 3 letters, or at most two edits away. */
export function closeTo(word: string, status: string): boolean {
  if (word.length >= 3 && status.startsWith(word)) return true;
  const d: number[][] = Array.from({ length: word.length + 1 }, (_, r) =>
    Array.from({ length: status.length + 1 }, (_, c) => (r === 0 ? c : c === 0 ? r : 0)),
  );
  for (let r = 1; r <= word.length; r += 1) {
    for (let c = 1; c <= status.length; c += 1) {
      const cost = word[r - 1] === status[c - 1] ? 0 : 1;
      const row = d[r] as number[];
      const prev = d[r - 1] as number[];
      row[c] = Math.min((prev[c] as number) + 1, (row[c - 1] as number) + 1, (prev[c - 1] as number) + cost);
    }
  }
  return ((d[word.length] as number[])[status.length] as number) <= 2;
}

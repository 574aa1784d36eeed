// Every Block Kit builder under src/, run with hostile sizes (5,000-character messages, 1,000 short lines,
// 1,000-character names, 150 sessions, 1,000 members or rows, 300-character MoltFlow details) and held to
// Slack's documented limits for each element (slack-platform.md §2, encoded in test/helpers/block-kit-rules).
// The builders are discovered, not listed: one added later without a case here fails the suite.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateBlocks, validateMessage, validateView } from '../helpers/block-kit-rules.js';
import { ADMIN_CASES } from './block-kit-cases-admin.js';
import { BROADCAST_CASES } from './block-kit-cases-broadcasts.js';
import { GROUPS_SCHEDULES_CASES } from './block-kit-cases-groups.js';
import { HOME_CASES } from './block-kit-cases-home.js';
import { LEADS_CASES } from './block-kit-cases-leads.js';
import { SETTINGS_CASES } from './block-kit-cases-settings.js';
import { type Case, type Cases, type Check, TEXT_LIMITS } from './block-kit-hostile.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
const CASE_FILES = [
  ADMIN_CASES,
  LEADS_CASES,
  GROUPS_SCHEDULES_CASES,
  BROADCAST_CASES,
  SETTINGS_CASES,
  HOME_CASES,
];
const CASES: Cases = Object.assign({}, ...CASE_FILES);

/** Modules not imported: importing them does something. */
const NOT_IMPORTED: Record<string, string> = {
  'main.ts': 'the entry point: importing it starts the app (and exports nothing)',
};
/** Builders whose output never reaches Slack. */
const NO_BLOCK_KIT: Record<string, string> = {
  'domain/cron.ts#buildCronExpression': 'builds a cron expression for MoltFlow, not text for Slack',
};

const BUILDER = /^build[A-Z]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BROKEN_ENTITY = /&(?!amp;|lt;|gt;)/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Every exported `build[A-Z]…` function, named `file#name` by the module that declares it (a re-export in an
 * index.ts is the same function, so it is one builder with several names).
 */
async function discoverBuilders(): Promise<Map<string, string[]>> {
  const namesOf = new Map<unknown, string[]>();
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel in NOT_IMPORTED) continue;
    const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
    for (const [name, value] of Object.entries(mod)) {
      if (!BUILDER.test(name) || typeof value !== 'function') continue;
      namesOf.set(value, [...(namesOf.get(value) ?? []), `${rel}#${name}`]);
    }
  }
  const builders = new Map<string, string[]>();
  for (const keys of namesOf.values()) {
    const own = keys.filter((k) => !k.includes('/index.ts#'));
    builders.set(own[0] ?? keys[0] ?? '', keys);
  }
  return builders;
}

/** Every string in the output, with whether Slack reads it as mrkdwn (so entities matter). */
function strings(value: unknown, mrkdwn = false): { text: string; mrkdwn: boolean }[] {
  if (typeof value === 'string') return [{ text: value, mrkdwn }];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v));
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  return Object.entries(node).flatMap(([key, v]) =>
    strings(v, key === 'text' && (node.type === 'mrkdwn' || (node.type === undefined && 'blocks' in node))),
  );
}

/** What real Slack would refuse (or cut) in a builder's output, given where it goes. */
function limitProblems(check: Check, out: unknown): string[] {
  switch (check.kind) {
    case 'modal':
      return validateView(out);
    case 'message':
      return validateMessage(out);
    case 'blocks':
      return validateBlocks(out, check.surface);
    case 'element':
      return validateBlocks([{ type: 'actions', elements: [out] }], 'message');
    case 'option': {
      if (out === null) return [];
      const select = { type: 'static_select', action_id: 'pick', options: [out] };
      return validateBlocks(
        [{ type: 'input', label: { type: 'plain_text', text: 'Pick' }, element: select }],
        'modal',
      );
    }
    case 'text': {
      const max = TEXT_LIMITS[check.where];
      if (typeof out !== 'string' || out.trim() === '')
        return [`must be a non-empty string (${check.where})`];
      return out.length > max ? [`${out.length} characters; a ${check.where} takes ${max}`] : [];
    }
  }
}

/** Cuts made after escaping keep whole entities and whole surrogate pairs. */
function cutProblems(check: Check, out: unknown): string[] {
  const all = check.kind === 'text' ? [{ text: String(out), mrkdwn: true }] : strings(out);
  const problems: string[] = [];
  for (const s of all) {
    if (LONE_SURROGATE.test(s.text)) problems.push(`a split surrogate pair in "${s.text.slice(0, 60)}…"`);
    if (s.mrkdwn && BROKEN_ENTITY.test(s.text))
      problems.push(`a broken or raw entity in "${s.text.slice(0, 60)}…"`);
  }
  return problems;
}

describe('Block Kit builders under hostile sizes', () => {
  let builders: Map<string, string[]>;
  beforeAll(async () => {
    builders = await discoverBuilders();
  });

  it('finds the builders (the walk works)', () => {
    expect(builders.size).toBeGreaterThan(60);
    expect([...builders.keys()]).toContain('features/lead-feed/lead-card.ts#buildLeadCard');
  });

  it('has a hostile-size case for every exported build* function, and none for builders that are gone', () => {
    const missing = [...builders]
      .filter(([key, names]) => !(key in NO_BLOCK_KIT) && !names.some((n) => (CASES[n]?.length ?? 0) > 0))
      .map(([key]) => key);
    expect(missing, 'add a case to block-kit-cases-*.ts for each').toEqual([]);
    const listed = CASE_FILES.flatMap((cases) => Object.keys(cases));
    expect(listed.length, 'a builder listed in two case files').toBe(new Set(listed).size);
    const known = new Set([...builders.values()].flat());
    expect(Object.keys(CASES).filter((k) => !known.has(k))).toEqual([]);
    expect(Object.keys(NO_BLOCK_KIT).filter((k) => !known.has(k))).toEqual([]);
  });

  const table = Object.entries(CASES).flatMap(([key, cases]) =>
    cases.map((c): [string, Case] => [`${key} · ${c.name}`, c]),
  );
  it.each(table)('%s', async (_name, c) => {
    const out = await c.run();
    expect(limitProblems(c.check, out).join('\n'), 'what Slack would refuse').toBe('');
    expect(cutProblems(c.check, out).join('\n'), 'what a cut broke').toBe('');
    if (c.keeps) {
      const texts = c.check.kind === 'text' ? [String(out)] : strings(out).map((s) => s.text);
      expect(
        texts.some((t) => c.keeps?.test(t)),
        `still says ${c.keeps}`,
      ).toBe(true);
    }
  });
});

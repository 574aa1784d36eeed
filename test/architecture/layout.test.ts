// The house rules of ../shared/DESIGN.md §2, checked on the source tree itself, so the map stays true as
// features are added: folders a newcomer can scan, files of one role, imports that only go downward.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const SHARED_LAYERS = ['slack', 'api', 'store', 'domain'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC);
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** Every relative import of a file (type-only ones included), resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)];
  return specs.map((m) =>
    rel(path.resolve(path.dirname(file), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts'))),
  );
}

const graph = new Map(files.map((f) => [rel(f), importsOf(f)]));
const featureOf = (file: string) => /^features\/([^/]+)\//.exec(file)?.[1];

describe('source layout', () => {
  it('has features in folders of their own under src/features', () => {
    const features = fs.readdirSync(path.join(SRC, 'features'));
    expect(features).toEqual(
      expect.arrayContaining([
        'lead-feed',
        'leads',
        'leads-bulk',
        'groups',
        'schedules',
        'broadcasts',
        'admin',
      ]),
    );
    for (const feature of features) {
      expect(fs.existsSync(path.join(SRC, 'features', feature, 'index.ts')), feature).toBe(true);
    }
  });

  it('keeps every folder at 15 source files or fewer', () => {
    const perFolder = new Map<string, number>();
    for (const f of files)
      perFolder.set(path.dirname(rel(f)), (perFolder.get(path.dirname(rel(f))) ?? 0) + 1);
    const crowded = [...perFolder].filter(([, n]) => n > 15);
    expect(crowded).toEqual([]);
  });

  it('keeps every source file at 300 lines or fewer', () => {
    const long = files
      .map((f) => [rel(f), fs.readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it('lets no shared layer import a feature or the composition root', () => {
    const wrong = [...graph].flatMap(([file, deps]) =>
      SHARED_LAYERS.includes(file.split('/')[0] ?? '')
        ? deps
            .filter((d) => d.startsWith('features/') || d.startsWith('workspaces/') || d === 'app.ts')
            .map((d) => `${file} → ${d}`)
        : [],
    );
    expect(wrong).toEqual([]);
  });

  it('lets features use each other only through their index.ts', () => {
    const wrong = [...graph].flatMap(([file, deps]) => {
      const mine = featureOf(file);
      if (!mine) return [];
      return deps
        .filter((d) => {
          const theirs = featureOf(d);
          return theirs && theirs !== mine && d !== `features/${theirs}/index.ts`;
        })
        .map((d) => `${file} → ${d}`);
    });
    expect(wrong).toEqual([]);
  });

  it('wires features only in the composition root (app.ts and the per-workspace wiring it uses)', () => {
    const wiring = [...graph]
      .filter(([file]) => !file.startsWith('features/'))
      .flatMap(([file, deps]) => deps.filter((d) => d.startsWith('features/')).map(() => file));
    const root = (file: string) => file === 'app.ts' || file.startsWith('workspaces/');
    expect([...new Set(wiring)].filter((file) => !root(file))).toEqual([]);
    expect(wiring).toContain('app.ts');
  });

  it('has no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('reads process.env only in config.ts', () => {
    const readers = files.filter((f) => /process\.env/.test(fs.readFileSync(f, 'utf8'))).map(rel);
    expect(readers).toEqual(['config.ts']);
  });
});

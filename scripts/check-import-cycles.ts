/**
 * Fails when top-level parts of src/ import each other in a circle (STYLE.md §6). A part is a
 * top-level folder (`src/config/`) or a top-level file (`src/seeds.ts`). Every relative import
 * counts: `import type`, `export ... from` and dynamic `import()` too, because a type import is
 * still a dependency a reader has to hold in their head.
 *
 * Run: node --import tsx scripts/check-import-cycles.ts [srcDir]   (npm test runs it first)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One import between two parts, with the file that makes it (for the message). */
export interface PartEdge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Relative module specifiers of a TypeScript source, comments stripped first. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec && spec.startsWith('.')) out.push(spec);
  }
  return out;
}

/** The top-level part of a path relative to src/: its first segment. */
function partOf(relPath: string): string {
  return relPath.split(sep)[0];
}

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import between different top-level parts of `srcDir`. */
export function partEdges(srcDir: string): PartEdge[] {
  const root = resolve(srcDir);
  const edges: PartEdge[] = [];
  for (const file of listSources(root)) {
    const from = partOf(relative(root, file));
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      const target = relative(root, resolve(dirname(file), specifier));
      if (target.startsWith('..')) continue;
      const to = partOf(target);
      if (to !== from) edges.push({ from, to, file: relative(root, file), specifier });
    }
  }
  return edges;
}

/** Strongly connected components with more than one part (Tarjan), each as its sorted part names. */
export function cycles(edges: Pick<PartEdge, 'from' | 'to'>[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    if (!next.has(e.to)) next.set(e.to, new Set());
    next.get(e.from)!.add(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** A readable report of each cycle: the imports between its parts, one example file each. */
export function describeCycles(edges: PartEdge[]): string | null {
  const found = cycles(edges);
  if (found.length === 0) return null;
  const lines = [`import cycles between top-level parts of src/ (${found.length}); a folder must never import, directly or through others, a folder that imports it:`];
  for (const parts of found) {
    lines.push(`  cycle: ${parts.join(' ↔ ')}`);
    const inside = new Set(parts);
    const seen = new Set<string>();
    for (const e of edges) {
      const key = `${e.from}->${e.to}`;
      if (!inside.has(e.from) || !inside.has(e.to) || seen.has(key)) continue;
      seen.add(key);
      lines.push(`    ${e.from} → ${e.to}: src/${e.file} imports '${e.specifier}'`);
    }
  }
  lines.push('Fix: move what both sides need into the lower layer or a small shared module (see STYLE.md §6).');
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problem = describeCycles(partEdges(srcDir));
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else {
    console.log(`no import cycles between the top-level parts of ${relative(process.cwd(), srcDir) || '.'}`);
  }
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * src/main/services is grouped by capability (storage/, keys/, caseService/, sync/, session/,
 * screenpop/, sla/, workflow/, ipc/) with the composition root alone in console/. These tests
 * keep that shape: nothing in services imports the composition root (the old
 * consoleService ⇄ screenPopService / workflowHandlers circle), and the capability folders
 * depend on each other without cycles. The import graph comes from the TypeScript compiler's
 * own pre-processor, so `import type`, `export … from` and `import()` all count.
 */
const ROOT = process.cwd();
const SRC = path.join(ROOT, 'src');
const SERVICES = path.join(SRC, 'main', 'services');
const COMPOSITION_ROOT = path.join(SERVICES, 'console', 'consoleService.ts');
/** The hosts that assemble the console; tests may import it too (they are not under src/). */
const HOSTS = [path.join(SRC, 'main', 'browserHost'), path.join(SRC, 'main', 'electron')];

type Graph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, fromFile)} imports ${specifier}, which does not resolve`);
}

/** File → the project files it imports (relative specifiers only). */
function importGraph(files: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.map((ref) => resolveImport(file, ref.fileName)).filter((target): target is string => target !== null);
    graph.set(file, new Set(targets));
  }
  return graph;
}

/** Every cycle's members (strongly connected components with more than one node, or a self-loop), by Tarjan. */
function cycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The capability folder a services file belongs to ('' for a file loose in services/). */
function capabilityOf(file: string): string {
  const parts = path.relative(SERVICES, file).split(path.sep);
  return parts.length > 1 ? parts[0]! : '';
}

const insideServices = (file: string): boolean => !path.relative(SERVICES, file).startsWith('..');
const rel = (file: string): string => path.relative(ROOT, file);

const srcGraph = importGraph(sourceFiles(SRC));
const servicesGraph: Graph = new Map([...srcGraph].filter(([file]) => insideServices(file)).map(([file, targets]) => [file, new Set([...targets].filter(insideServices))]));

function folderGraph(): Graph {
  const graph: Graph = new Map();
  for (const [file, targets] of servicesGraph) {
    const from = capabilityOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of targets) if (capabilityOf(target) !== from) graph.get(from)!.add(capabilityOf(target));
  }
  return graph;
}

describe('src/main/services structure', () => {
  it('reads a real import graph (the composition root reaches every capability)', () => {
    expect(existsSync(COMPOSITION_ROOT)).toBe(true);
    expect([...folderGraph().get('console')!].sort()).toEqual(expect.arrayContaining(['caseService', 'ipc', 'keys', 'screenpop', 'session', 'sla', 'storage', 'sync', 'workflow']));
  });

  it('keeps every file in a capability folder', () => {
    expect([...servicesGraph.keys()].filter((file) => capabilityOf(file) === '').map(rel)).toEqual([]);
  });

  it('has nothing in services import the composition root (console/)', () => {
    const offenders = [...servicesGraph]
      .filter(([file]) => capabilityOf(file) !== 'console')
      .flatMap(([file, targets]) => [...targets].filter((target) => capabilityOf(target) === 'console').map((target) => `${rel(file)} → ${rel(target)}`));
    expect(offenders).toEqual([]);
  });

  it('lets only the hosts import the composition root from src/', () => {
    const importers = [...srcGraph].filter(([file, targets]) => file !== COMPOSITION_ROOT && targets.has(COMPOSITION_ROOT)).map(([file]) => file);
    expect(importers.filter((file) => !HOSTS.some((host) => !path.relative(host, file).startsWith('..'))).map(rel)).toEqual([]);
  });

  it('has no import cycle among the capability folders', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('has no import cycle among the files of src/main', () => {
    const mainDir = path.join(SRC, 'main');
    const mainGraph: Graph = new Map([...srcGraph].filter(([file]) => !path.relative(mainDir, file).startsWith('..')));
    expect(cycles(mainGraph).map((cycle) => cycle.map(rel))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph: Graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['d'])],
      ['e', new Set(['a'])],
    ]);
    expect(cycles(graph)).toEqual(expect.arrayContaining([['a', 'b', 'c'], ['d']]));
    expect(cycles(graph)).toHaveLength(2);
  });
});

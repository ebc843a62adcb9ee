/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and
 * prints one JSON report with the machine it ran on. Also written to bench/results/latest.json.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineFacts, meetsTargets, type BenchResult, type Benchmark } from './report';

const benchDir = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = (await readdir(benchDir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const selected = only.length ? files.filter((f) => only.some((name) => f.includes(name))) : files;
  const results: Array<BenchResult & { met: boolean }> = [];
  const failures: Array<{ file: string; error: string }> = [];
  for (const file of selected) {
    process.stderr.write(`bench: ${file}\n`);
    try {
      const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { default: Benchmark };
      const outcome = await mod.default.run();
      for (const result of Array.isArray(outcome) ? outcome : [outcome]) results.push({ ...result, met: meetsTargets(result) });
    } catch (error) {
      failures.push({ file, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const report = { ranAt: new Date().toISOString(), machine: machineFacts(), results, failures };
  const json = JSON.stringify(report, null, 2);
  await mkdir(join(benchDir, 'results'), { recursive: true });
  await writeFile(join(benchDir, 'results', 'latest.json'), json);
  process.stdout.write(`${json}\n`);
  if (failures.length) process.exitCode = 1;
}

void main();

import { cpus, totalmem, platform, release, arch } from 'node:os';

/** One benchmark's result: the numbers, the target they are judged against, and whether it was met. */
export interface BenchResult {
  name: string;
  /** Measured values, units in the key (e.g. `p95Ms`, `opsPerSecond`). */
  metrics: Record<string, number>;
  /** Targets from the issue, same keys as metrics. */
  targets?: Record<string, { max?: number; min?: number }>;
  notes?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult | BenchResult[]>;
}

export function machineFacts() {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

export function meetsTargets(result: BenchResult): boolean {
  for (const [key, target] of Object.entries(result.targets ?? {})) {
    const value = result.metrics[key];
    if (value === undefined) return false;
    if (target.max !== undefined && value > target.max) return false;
    if (target.min !== undefined && value < target.min) return false;
  }
  return true;
}

/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

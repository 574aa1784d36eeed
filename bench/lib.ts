// Small measuring helpers for npm run bench. Figures are printed, never asserted.
import { performance } from 'node:perf_hooks';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `total` calls of `fn` with `concurrency` in flight and returns each call's latency in ms, sorted. */
export async function measureConcurrent(
  total: number,
  concurrency: number,
  fn: () => Promise<void>,
): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      const t0 = performance.now();
      await fn();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

export function fmt(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}

export function row(name: string, value: string, reference = ''): void {
  console.log(`${name.padEnd(48)} ${value.padStart(14)}   ${reference}`);
}

/** Latency figures of one measured run, in milliseconds. */
export type Latency = { p50: number; p90: number; p95: number; p99: number; max: number };

/** Nearest-rank percentile of `sorted` (ascending); NaN when there is no sample. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Counts by key, e.g. HTTP statuses. */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(key: string | number, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }
  get(key: string | number): number {
    return this.counts[key] ?? 0;
  }
  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

/** A fixed-size picker over a list, uniform at random. */
export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Rounds for display: 3 significant digits below 100, whole numbers above. */
export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Latency samples and outcome counts, per label (an endpoint such as `POST /reservations`). */

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of sorted samples (ms); 0 for no samples. */
export const percentile = (sorted: readonly number[], fraction: number): number => {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] as number;
};

export const summarize = (samples: readonly number[]): LatencySummary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
};

export interface EndpointReport extends LatencySummary {
  /** `<status>` for successes, `<status> <CODE>` for errors, with how often each came back. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Collects one sample per HTTP exchange; labels keep endpoints apart. */
export class Recorder {
  private readonly latencies = new Map<string, number[]>();
  private readonly outcomes = new Map<string, Map<string, number>>();

  public record(label: string, ms: number, outcome: string): void {
    let samples = this.latencies.get(label);
    if (!samples) this.latencies.set(label, (samples = []));
    samples.push(ms);
    let counts = this.outcomes.get(label);
    if (!counts) this.outcomes.set(label, (counts = new Map()));
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }

  public samples(label: string): readonly number[] {
    return this.latencies.get(label) ?? [];
  }

  /** Outcome counts of every label together, e.g. `{ "409 SEAT_ALREADY_RESERVED": 999 }`. */
  public outcomeTotals(filter: (label: string) => boolean = () => true): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const [label, counts] of this.outcomes) {
      if (!filter(label)) continue;
      for (const [outcome, count] of counts) totals[outcome] = (totals[outcome] ?? 0) + count;
    }
    return totals;
  }

  /** Requests answered with a 5xx, over every label. */
  public serverErrors(): number {
    return Object.entries(this.outcomeTotals())
      .filter(([outcome]) => outcome.startsWith('5'))
      .reduce((sum, [, count]) => sum + count, 0);
  }

  public report(): Record<string, EndpointReport> {
    const report: Record<string, EndpointReport> = {};
    for (const label of [...this.latencies.keys()].sort()) {
      report[label] = { ...summarize(this.samples(label)), outcomes: Object.fromEntries(this.outcomes.get(label) ?? []) };
    }
    return report;
  }
}

/** Operations per second over an elapsed time. */
export const perSecond = (count: number, elapsedMs: number): number => (elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000 * 10) / 10 : 0);

/** Ranks 1..n of distinct values (ties are not expected: arrival order and places are both unique). */
const ranks = (values: readonly number[]): number[] => {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  order.forEach(({ index }, rank) => {
    result[index] = rank + 1;
  });
  return result;
};

/**
 * Spearman's rank correlation of paired samples: 1 = same order, −1 = reversed, about 0 = unrelated. For n
 * independent pairs its standard deviation is 1/√(n−1), which tells how far from 0 chance alone goes.
 */
export const spearman = (xs: readonly number[], ys: readonly number[]): number => {
  const n = xs.length;
  if (n !== ys.length || n < 2) throw new Error('spearman needs two samples of the same size, at least 2');
  const rx = ranks(xs);
  const ry = ranks(ys);
  const squaredDifferences = rx.reduce((sum, rank, index) => sum + (rank - (ry[index] as number)) ** 2, 0);
  return 1 - (6 * squaredDifferences) / (n * (n * n - 1));
};

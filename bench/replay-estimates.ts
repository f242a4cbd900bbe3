/**
 * Replays the flash sales' first estimates through the estimator offline:
 *   npm run replay-estimates -- bench/results/<name>.estimates.json
 * For each fan's first estimate, the rate `paceOf` computes at that instant from the admission buckets the sale's
 * admissions from the line (recorded by the bench) would have written, against the fan's actual admission. No
 * feedback: fans' polls (and so the moments of first estimates) stay those of the recorded run. First estimates
 * mostly fall in one phase of a sale (before or after its sell-out, depending on the machine's load), so the tool also
 * asks at other moments: for every fifth admission from the line, 5, 10, 20, 40 and 60 s before it, with the
 * position the fan had then (the admissions from the line in between, itself included). Beside it, for comparison:
 * the estimate before 2026-11-30 (15 s half-life over 10 s buckets).
 *
 * A told position was computed from room counters read some time before the answer (a poll's cached up to 1 s, an
 * issue's at the start of the request), and the log does not say how long: the first estimates are replayed with the
 * position taken as read 0, 0.5 and 1 s before the answer (`estimatedWaitSeconds`' `positionAgeMs`).
 */
import { readFileSync } from 'node:fs';
import type { AdmissionBucket } from '../lambdas/domain/queue';
import { admissionBucketMs, admissionBucketOf, estimatedWaitSeconds, paceOf } from '../lambdas/domain/queue';
import type { EstimateLog } from './scenarios/flash-sale';
import { percentile } from './lib/stats';

/** The buckets a room's admissions from the line at these instants write (domain/queue.ts, AdmissionBucket). */
const bucketsOf = (admissionsAtMs: readonly number[]): AdmissionBucket[] => {
  const byBucket = new Map<number, number[]>();
  for (const atMs of admissionsAtMs) byBucket.set(admissionBucketOf(atMs), [...(byBucket.get(admissionBucketOf(atMs)) ?? []), atMs]);
  return [...byBucket].map(([bucket, at]) => ({
    bucket,
    admitted: at.length,
    fromLine: at.length,
    firstLineAtMs: Math.min(...at),
    fromLineBySecond: Array.from({ length: admissionBucketMs / 1000 }, (_, second) => at.filter((atMs) => Math.floor((atMs % admissionBucketMs) / 1000) === second).length),
  }));
};

/** The estimator before 2026-11-30: the line's rate over the last minute's buckets, 15 s half-life. */
const halfLifeRate = (admissionsAtMs: readonly number[], nowMs: number): number | undefined => {
  const current = admissionBucketOf(nowMs);
  const first = current - 5;
  const counts = new Map<number, number>();
  for (const atMs of admissionsAtMs) if (admissionBucketOf(atMs) >= first) counts.set(admissionBucketOf(atMs), (counts.get(admissionBucketOf(atMs)) ?? 0) + 1);
  const since = admissionsAtMs.find((atMs) => admissionBucketOf(atMs) >= first);
  if (since === undefined || nowMs - since < 10_000) return undefined;
  let admissions = 0;
  let seconds = 0;
  for (let bucket = first; bucket <= current; bucket += 1) {
    const start = Math.max(bucket * admissionBucketMs, since);
    const end = Math.min((bucket + 1) * admissionBucketMs, nowMs);
    if (end <= start) continue;
    const weight = 0.5 ** ((nowMs - (start + end) / 2) / 15_000);
    admissions += weight * (counts.get(bucket) ?? 0);
    seconds += (weight * (end - start)) / 1000;
  }
  return admissions / seconds;
};

const summary = (errors: readonly { error: number; signed: number }[], of = 'fans'): string => {
  const absolute = errors.map((e) => e.error).sort((a, b) => a - b);
  const signed = errors.map((e) => e.signed).sort((a, b) => a - b);
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return `p50 ${percent(percentile(absolute, 0.5))} p90 ${percent(percentile(absolute, 0.9))} (signed p50 ${percent(percentile(signed, 0.5))}; ${errors.length} ${of})`;
};

const errorOf = (estimateSeconds: number, answeredAtMs: number, admittedAtMs: number) => {
  const actualSeconds = Math.max(1, (admittedAtMs - answeredAtMs) / 1000);
  return { error: Math.abs(estimateSeconds - actualSeconds) / actualSeconds, signed: (estimateSeconds - actualSeconds) / actualSeconds };
};

/** How long before the answer the told positions are replayed as read (see the top). */
const positionAgesMs = [0, 500, 1000];

const file = process.argv[2];
if (!file) throw new Error('usage: npm run replay-estimates -- <bench result>.estimates.json');
const sales = JSON.parse(readFileSync(file, 'utf8')) as Record<string, EstimateLog & { name: string }>;
for (const sale of Object.values(sales)) {
  const told = [];
  const replayed = new Map<number, { error: number; signed: number }[]>(positionAgesMs.map((ageMs) => [ageMs, []]));
  const before = [];
  for (const [answeredAtMs, position, estimateSeconds, admittedAtMs] of sale.firstEstimates) {
    told.push(errorOf(estimateSeconds, answeredAtMs, admittedAtMs));
    const seen = sale.lineAdmissionsAtMs.filter((atMs) => atMs <= answeredAtMs);
    const pace = paceOf(bucketsOf(seen), answeredAtMs);
    for (const [ageMs, errors] of replayed) {
      const now = estimatedWaitSeconds(position, pace, ageMs);
      if (now !== null) errors.push(errorOf(now, answeredAtMs, admittedAtMs));
    }
    const rate = halfLifeRate(seen, answeredAtMs);
    if (rate !== undefined && rate > 0) before.push(errorOf(Math.ceil(position / rate), answeredAtMs, admittedAtMs));
  }
  const anyMoment = [];
  const anyMomentBefore = [];
  const admissions = sale.lineAdmissionsAtMs;
  for (let index = 0; index < admissions.length; index += 5) {
    const admittedAtMs = admissions[index]!;
    for (const aheadSeconds of [5, 10, 20, 40, 60]) {
      const atMs = admittedAtMs - aheadSeconds * 1000;
      const seen = admissions.filter((time) => time <= atMs);
      const position = index + 1 - seen.length;
      const now = estimatedWaitSeconds(position, paceOf(bucketsOf(seen), atMs));
      if (now !== null) anyMoment.push(errorOf(now, atMs, admittedAtMs));
      const rate = halfLifeRate(seen, atMs);
      if (rate !== undefined && rate > 0) anyMomentBefore.push(errorOf(Math.ceil(position / rate), atMs, admittedAtMs));
    }
  }
  console.log(sale.name);
  console.log(`  first estimates, told in the run:   ${summary(told)}`);
  for (const [ageMs, errors] of replayed) console.log(`  first estimates, read ${(ageMs / 1000).toFixed(1)} s before: ${summary(errors)}`);
  console.log(`  first estimates, 15 s half-life:    ${summary(before)}`);
  console.log(`  5-60 s before admission, paceOf:    ${summary(anyMoment, 'moments')}`);
  console.log(`  5-60 s before admission, half-life: ${summary(anyMomentBefore, 'moments')}`);
}

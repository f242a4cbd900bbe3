import type { FlashSaleResult } from '../scenarios/flash-sale';
import { estimateErrorOf } from '../scenarios/flash-sale';
import { percentile } from './stats';
import { percent, seconds } from './table';

/**
 * The sweeper periods of a run's flash sales, in run order: pairs of a 1 s and an AWS-cadence sale, the order flipped
 * every other pair (1 s, 60 s, 60 s, 1 s, …). A sale's time follows the box's load (one run's sales took 65.6 s and
 * 148.3 s with the same code, the slow one at 1 s), so load that drifts through a run weighs on both cadences alike.
 */
export const flashSaleCadences = (awsCadenceSeconds: number, pairs: number): number[] =>
  Array.from({ length: pairs }, (_, pair) => (pair % 2 === 0 ? [1, awsCadenceSeconds] : [awsCadenceSeconds, 1])).flat();

export interface AdmissionTarget {
  readonly name: string;
  readonly met: boolean;
  readonly detail: string;
}

/**
 * Issue 13's "done when" for the sales at the AWS cadence, held against the same sale with a 1 s sweeper in the same
 * run: the time of all the AWS-cadence sales against all the 1 s ones; utilisation and polls in every AWS-cadence sale
 * (the worst is told); the estimate error over every fan of those sales who was told one, and most fans must have been.
 */
export const admissionTargets = (sales: readonly FlashSaleResult[], awsCadenceSeconds: number): AdmissionTarget[] => {
  const aws = sales.filter((sale) => sale.admissionIntervalSeconds === awsCadenceSeconds);
  const fast = sales.filter((sale) => sale.admissionIntervalSeconds === 1);
  if (aws.length === 0 || fast.length === 0) return [];
  const totalMs = (of: readonly FlashSaleResult[]) => of.reduce((sum, sale) => sum + sale.completionMs, 0);
  const listed = (of: readonly FlashSaleResult[]) => of.map((sale) => seconds(sale.completionMs)).join(' + ');
  const ratio = totalMs(aws) / totalMs(fast);
  const lowestUtilisation = Math.min(...aws.map((sale) => sale.admission.utilisation));
  const mostPolls = Math.max(...aws.map((sale) => sale.admission.pollsPerFan));
  const errors = aws
    .flatMap((sale) => sale.estimateLog.firstEstimates.map(([answeredAtMs, , estimateSeconds, admittedAtMs]) => estimateErrorOf(estimateSeconds, answeredAtMs, admittedAtMs)))
    .sort((a, b) => a - b);
  const fans = aws.reduce((sum, sale) => sum + sale.users, 0);
  const p50 = percentile(errors, 0.5);
  return [
    { name: `sale time ≤ 1.2 × the 1 s sweeper's`, met: ratio <= 1.2, detail: `${ratio.toFixed(2)} × (${listed(aws)} vs ${listed(fast)})` },
    { name: 'room utilisation ≥ 80% while fans wait', met: lowestUtilisation >= 0.8, detail: aws.map((sale) => percent(sale.admission.utilisation)).join(', ') },
    { name: '≤ 4 polls per fan', met: mostPolls <= 4, detail: aws.map((sale) => sale.admission.pollsPerFan).join(', ') },
    {
      name: 'estimate error p50 ≤ 25%',
      // A p50 over a handful of fans says nothing of the estimate (one run told 1 fan of 2,000 one): most must have had one.
      met: errors.length > 0 && p50 <= 0.25 && errors.length * 2 >= fans,
      detail: `${percent(p50)} (${errors.length} of ${fans} fans with an estimate)`,
    },
  ];
};

import { admissionTargets, flashSaleCadences } from '../../../../bench/lib/admission-targets';
import type { FlashSaleResult } from '../../../../bench/scenarios/flash-sale';

/** The parts of a sale's figures the targets read. */
const sale = (
  admissionIntervalSeconds: number,
  completionMs: number,
  figures: { utilisation?: number; pollsPerFan?: number; firstEstimates?: [number, number, number, number][]; users?: number } = {},
): FlashSaleResult =>
  ({
    admissionIntervalSeconds,
    completionMs,
    users: figures.users ?? 4,
    admission: { utilisation: figures.utilisation ?? 0.9, pollsPerFan: figures.pollsPerFan ?? 1 },
    estimateLog: { lineAdmissionsAtMs: [], firstEstimates: figures.firstEstimates ?? [] },
  }) as unknown as FlashSaleResult;

const byName = (targets: ReturnType<typeof admissionTargets>, prefix: string) => targets.find((target) => target.name.startsWith(prefix));

describe('flashSaleCadences', () => {
  it('runs pairs of a 1 s and an AWS-cadence sale, flipping the order every other pair', () => {
    expect(flashSaleCadences(60, 1)).toEqual([1, 60]);
    expect(flashSaleCadences(60, 3)).toEqual([1, 60, 60, 1, 1, 60]);
  });
});

describe('admissionTargets', () => {
  it('holds the time of all the AWS-cadence sales against all the 1 s ones', () => {
    const targets = admissionTargets([sale(1, 60_000), sale(60, 100_000), sale(60, 50_000), sale(1, 90_000)], 60);
    expect(byName(targets, 'sale time')).toMatchObject({ met: true, detail: '1.00 × (100.0 s + 50.0 s vs 60.0 s + 90.0 s)' });
    expect(byName(admissionTargets([sale(1, 60_000), sale(60, 73_000)], 60), 'sale time')?.met).toBe(false);
  });

  it('needs utilisation and polls within their targets in every AWS-cadence sale, not in the 1 s ones', () => {
    const targets = admissionTargets(
      [sale(1, 1, { utilisation: 0.5, pollsPerFan: 9 }), sale(60, 1, { utilisation: 0.85, pollsPerFan: 2 }), sale(60, 1, { utilisation: 0.79, pollsPerFan: 4.5 })],
      60,
    );
    expect(byName(targets, 'room utilisation')).toMatchObject({ met: false, detail: '85%, 79%' });
    expect(byName(targets, '≤ 4 polls')).toMatchObject({ met: false, detail: '2, 4.5' });
  });

  it('takes the estimate error over every fan of the AWS-cadence sales told one, and needs most fans to have been', () => {
    // Told 10 s and admitted 10 s, 8 s and 20 s later: errors 0, 25% and 50%.
    const told = (estimateSeconds: number, waitedMs: number): [number, number, number, number] => [1_000, 5, estimateSeconds, 1_000 + waitedMs];
    const aws1 = sale(60, 1, { users: 3, firstEstimates: [told(10, 20_000), told(10, 8_000)] });
    const aws2 = sale(60, 1, { users: 3, firstEstimates: [told(10, 10_000)] });
    const fastOnly = sale(1, 1, { users: 3, firstEstimates: [told(100, 1_000), told(100, 1_000), told(100, 1_000)] });
    expect(byName(admissionTargets([fastOnly, aws1, aws2], 60), 'estimate')).toMatchObject({ met: true, detail: '25% (3 of 6 fans with an estimate)' });
    expect(byName(admissionTargets([fastOnly, aws1], 60), 'estimate')).toMatchObject({ met: true, detail: '25% (2 of 3 fans with an estimate)' });
    const few = sale(60, 1, { users: 10, firstEstimates: [told(10, 10_000)] });
    expect(byName(admissionTargets([fastOnly, few], 60), 'estimate')).toMatchObject({ met: false, detail: '0% (1 of 10 fans with an estimate)' });
    expect(byName(admissionTargets([fastOnly, sale(60, 1)], 60), 'estimate')?.met).toBe(false);
  });

  it('tells nothing without both cadences', () => {
    expect(admissionTargets([sale(60, 1)], 60)).toEqual([]);
  });
});

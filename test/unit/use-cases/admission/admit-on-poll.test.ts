import { oneRunPerRoom } from '../../../../lambdas/use-cases/admission/admit-on-poll';
import type { AdmissionBounds, AdmissionReport } from '../../../../lambdas/use-cases/sweeper/admit-waiting';

describe('oneRunPerRoom', () => {
  /** An admission whose runs the test finishes by hand; each run reports the reach it was stretched to at that moment. */
  const controlledAdmission = () => {
    const runs: { concertId: string; bounds: AdmissionBounds; finish: (report?: AdmissionReport) => void; fail: (error: Error) => void }[] = [];
    const admit = (concertId: string, bounds: AdmissionBounds = {}) =>
      new Promise<AdmissionReport>((resolve, reject) => {
        runs.push({ concertId, bounds, finish: (report = { admitted: bounds.maxAdmissions?.() ?? 0, expiredIdle: 0 }) => resolve(report), fail: reject });
      });
    return { admit, runs };
  };
  const always = () => true;

  it('lets polls of a room that arrive while its run is under way join it, stretched to the farthest of them', async () => {
    const { admit, runs } = controlledAdmission();
    const onPoll = oneRunPerRoom(admit);
    const first = onPoll('c1', 2, always);
    const second = onPoll('c1', 5, always);
    const nearer = onPoll('c1', 1, always);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.bounds.maxAdmissions?.()).toBe(5);
    runs[0]?.finish();
    expect(await Promise.all([first, second, nearer])).toEqual([{ admitted: 5, expiredIdle: 0 }, { admitted: 5, expiredIdle: 0 }, { admitted: 5, expiredIdle: 0 }]);
  });

  it('runs rooms independently, and starts a new run once the last one ended', async () => {
    const { admit, runs } = controlledAdmission();
    const onPoll = oneRunPerRoom(admit);
    const one = onPoll('c1', 1, always);
    const other = onPoll('c2', 1, always);
    expect(runs.map((run) => run.concertId)).toEqual(['c1', 'c2']);
    runs[0]?.finish();
    await one;
    const again = onPoll('c1', 3, always);
    expect(runs).toHaveLength(3);
    runs[1]?.finish();
    runs[2]?.finish();
    await Promise.all([other, again]);
  });

  it('hands a failed run to everyone who joined it, and does not keep it', async () => {
    const { admit, runs } = controlledAdmission();
    const onPoll = oneRunPerRoom(admit);
    const first = onPoll('c1', 1, always);
    const joined = onPoll('c1', 2, always);
    runs[0]?.fail(new Error('storage busy'));
    await expect(first).rejects.toThrow('storage busy');
    await expect(joined).rejects.toThrow('storage busy');
    void onPoll('c1', 1, always);
    expect(runs).toHaveLength(2);
  });

  it("keeps the starter's mayContinue for the whole run", () => {
    const { admit, runs } = controlledAdmission();
    const onPoll = oneRunPerRoom(admit);
    const starterDeadline = () => false;
    void onPoll('c1', 1, starterDeadline);
    void onPoll('c1', 2, always);
    expect(runs[0]?.bounds.mayContinue).toBe(starterDeadline);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSweeperSchedule } from '../../../local/sweeper-schedule';

interface SweepProbe {
  events: unknown[];
  gate: Promise<void>;
}

const probe = globalThis as unknown as { __sweepProbe: SweepProbe };

describe('startSweeperSchedule', () => {
  let directory: string;
  let modulePath: string;
  let release: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    directory = mkdtempSync(join(tmpdir(), 'sweeper-'));
    modulePath = join(directory, 'sweeper.js');
    probe.__sweepProbe = { events: [], gate: new Promise((resolve) => (release = resolve)) };
  });

  afterEach(() => {
    jest.useRealTimers();
    rmSync(directory, { recursive: true, force: true });
  });

  const writeSweeper = () =>
    writeFileSync(
      modulePath,
      'exports.handler = async (event) => { globalThis.__sweepProbe.events.push(event); await globalThis.__sweepProbe.gate; };\n',
    );

  it('invokes the sweeper with an EventBridge scheduled event every interval', async () => {
    writeSweeper();
    release();
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 5 });

    await jest.advanceTimersByTimeAsync(15_000);
    await schedule.stop();

    expect(probe.__sweepProbe.events).toHaveLength(3);
    expect(probe.__sweepProbe.events[0]).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
  });

  it('skips a tick while the previous run is still going', async () => {
    writeSweeper();
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 5 });

    await jest.advanceTimersByTimeAsync(20_000);
    expect(probe.__sweepProbe.events).toHaveLength(1);

    release();
    await schedule.stop();
    expect(probe.__sweepProbe.events).toHaveLength(1);
  });

  it('fails a run on demand when there is no sweeper module', async () => {
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 0 });
    await expect(schedule.runNow()).rejects.toThrow();
    await schedule.stop();
  });

  it('runs on demand, once, with the schedule off', async () => {
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 0 });
    writeSweeper();
    release();
    await schedule.runNow();
    await jest.advanceTimersByTimeAsync(60_000);
    await schedule.stop();

    expect(probe.__sweepProbe.events).toHaveLength(1);
  });
});

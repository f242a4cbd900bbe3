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
  let log: jest.Mock;
  let release: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    directory = mkdtempSync(join(tmpdir(), 'sweeper-'));
    modulePath = join(directory, 'sweeper.js');
    log = jest.fn();
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
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 5, log });

    await jest.advanceTimersByTimeAsync(15_000);
    await schedule.stop();

    expect(probe.__sweepProbe.events).toHaveLength(3);
    expect(probe.__sweepProbe.events[0]).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
  });

  it('skips a tick while the previous run is still going', async () => {
    writeSweeper();
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 5, log });

    await jest.advanceTimersByTimeAsync(20_000);
    expect(probe.__sweepProbe.events).toHaveLength(1);

    release();
    await schedule.stop();
    expect(probe.__sweepProbe.events).toHaveLength(1);
  });

  it('logs once, and keeps going, while the sweeper module does not exist yet', async () => {
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 5, log });

    await jest.advanceTimersByTimeAsync(15_000);
    await schedule.stop();

    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('does not exist yet'));
  });

  it('runs on demand with the schedule off, and says so when there is no sweeper', async () => {
    const schedule = startSweeperSchedule({ modulePath, functionName: 'sweeper', intervalSeconds: 0, log });
    await expect(schedule.runNow()).rejects.toThrow('no sweeper handler');

    writeSweeper();
    release();
    await schedule.runNow();
    await jest.advanceTimersByTimeAsync(60_000);
    await schedule.stop();

    expect(probe.__sweepProbe.events).toHaveLength(1);
  });
});

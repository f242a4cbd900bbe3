import { measureCpuPerOperation, processCpuMs } from '../../../../bench/lib/process-cpu';

/** Works until this process has used `cpuMs` more CPU (not wall-clock time: the machine may be busy). */
const spin = (cpuMs: number): void => {
  const usedMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const until = usedMs() + cpuMs;
  while (usedMs() < until) Math.sqrt(Math.random());
};

describe('processCpuMs', () => {
  it('reads the CPU time a running process has used, which grows while it works', () => {
    const before = processCpuMs(process.pid) as number;
    spin(100);
    expect(before).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)).toBeGreaterThan(before);
  });

  it('is undefined without a pid or for a process that does not exist', () => {
    expect(processCpuMs(undefined)).toBeUndefined();
    expect(processCpuMs(2 ** 30)).toBeUndefined();
  });
});

describe('measureCpuPerOperation', () => {
  it('divides the CPU each process used during the work by the number of operations, leaving out unreadable ones', async () => {
    const { result, cpuMsPerOperation } = await measureCpuPerOperation({ self: process.pid, gone: 2 ** 30 }, 10, async () => {
      spin(200);
      return 'done';
    });
    expect(result).toBe('done');
    expect(Object.keys(cpuMsPerOperation)).toEqual(['self']);
    // 200 ms of CPU over 10 operations, read in ticks of 10 ms.
    expect(cpuMsPerOperation.self).toBeGreaterThanOrEqual(18);
  });
});

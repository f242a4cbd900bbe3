import { readFileSync } from 'node:fs';

/** Linux reports a process's CPU time in /proc in clock ticks of 1/100 s (USER_HZ, fixed for userspace). */
const ticksPerSecond = 100;

/**
 * The CPU time (user + system) a process has used so far, in ms, from `/proc/<pid>/stat`; undefined without a pid,
 * for a process that is gone, or off Linux.
 */
export const processCpuMs = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined;
  try {
    // The command name (field 2) is in parentheses and may contain spaces: count the fields after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const [userTicks, systemTicks] = [Number(fields[11]), Number(fields[12])];
    return Number.isFinite(userTicks) && Number.isFinite(systemTicks) ? ((userTicks + systemTicks) * 1000) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
};

/** CPU ms per operation of each named process while `work` ran (a process that could not be read is left out). */
export const measureCpuPerOperation = async <T>(
  processes: Readonly<Record<string, number | undefined>>,
  operations: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMsPerOperation: Record<string, number> }> => {
  const before = Object.entries(processes).map(([name, pid]) => [name, pid, processCpuMs(pid)] as const);
  const result = await work();
  const cpuMsPerOperation: Record<string, number> = {};
  for (const [name, pid, startMs] of before) {
    const endMs = processCpuMs(pid);
    if (startMs !== undefined && endMs !== undefined) cpuMsPerOperation[name] = Math.round(((endMs - startMs) / operations) * 100) / 100;
  }
  return { result, cpuMsPerOperation };
};

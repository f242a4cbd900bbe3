import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** A running CPU hog; `stop` ends every busy process. */
export interface CpuHog {
  stop(): Promise<void>;
}

/**
 * Keeps every core busy with one spinning process each, as other work on a shared machine would. Bounded twice:
 * `stop` kills them, and each ends by itself after `maxSeconds` even if the benchmark never gets to call it.
 */
export const startCpuHog = (maxSeconds: number, processes = availableParallelism()): CpuHog => {
  const spin = `const end = Date.now() + ${Math.round(maxSeconds * 1000)}; while (Date.now() < end) {}`;
  const children: ChildProcess[] = Array.from({ length: processes }, () => spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
  return {
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
};

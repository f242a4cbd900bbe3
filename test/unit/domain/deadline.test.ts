import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Deadline, DeadlineExceededError, deadlineRules } from '../../../lambdas/domain/deadline';
import { ServiceUnavailableError } from '../../../lambdas/domain/errors';

describe('Deadline', () => {
  it('is due the answer margin before the time the function has left', () => {
    expect(Deadline.fromRemaining(10_000, 1_000).answerAtMs).toBe(11_000 - deadlineRules.answerMarginMs);
  });

  it('allows work that fits before the answer is due and refuses work that does not', () => {
    const deadline = new Deadline(1_000);
    expect(deadline.allows(300, 700)).toBe(true);
    expect(deadline.allows(301, 700)).toBe(false);
    expect(deadline.remainingMs(700)).toBe(300);
  });

  it('allows nothing once the request was answered, and aborts its signal', () => {
    const deadline = new Deadline(10_000);
    deadline.end('answered');
    expect(deadline.ended).toBe(true);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.allows(1, 0)).toBe(false);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('aborts with a reason that carries no stack trace, since every request ends', () => {
    const deadline = new Deadline(10_000);
    deadline.end('expired');
    expect((deadline.signal.reason as Error).stack).not.toMatch(/\n\s+at /);
  });

  it('lets any number of storage calls in flight listen on its signal, with no leak warning past ten', () => {
    // In a process of its own: Node warns on the real process, which jest's sandbox does not expose.
    const script = `const { Deadline } = require(${JSON.stringify(join(__dirname, '../../../lambdas/domain/deadline'))});
      const { signal } = new Deadline(10_000);
      for (let call = 0; call < 20; call += 1) signal.addEventListener('abort', () => undefined);
      setImmediate(() => undefined);`;
    const { stderr, status } = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect({ stderr, status }).toEqual({ stderr: '', status: 0 });
  });

  it('refuses with a 503 error naming the work', () => {
    const error = (() => {
      try {
        new Deadline(100).ensure(200, 0, 'charging');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).context).toEqual({ reason: 'out of time before charging' });
  });

  it('never runs out when unbounded', () => {
    expect(Deadline.unbounded().allows(1e12, Date.now())).toBe(true);
  });
});

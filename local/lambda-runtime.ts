import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';

/*
 * On AWS each function runs in its own process. Locally every function shares one, and the Powertools logger is
 * one module-level instance, so its Lambda context and request id were the last invocation's: a sweeper line
 * carried the name of the HTTP function that ran just before it. Lambda's runtime for concurrent invocations
 * (AWS_LAMBDA_MAX_CONCURRENCY set) keeps per-invocation state in an AsyncLocalStorage-backed InvokeStore on
 * globalThis.awslambda, and Powertools then keeps the logger's context and keys (and metric dimensions) per
 * invocation. The local server does what that runtime does, so every line is labelled with its own function.
 */

type InvocationState = Record<string | symbol, unknown>;

/** The runtime's multi-concurrency store, built here because the package's own imports async_hooks dynamically (not under jest). */
class LocalInvokeStore extends InvokeStoreBase {
  private readonly invocations = new AsyncLocalStorage<InvocationState>();

  public getContext(): InvocationState | undefined {
    return this.invocations.getStore();
  }

  public hasContext(): boolean {
    return this.invocations.getStore() !== undefined;
  }

  public get<T = unknown>(key: string | symbol): T | undefined {
    return this.invocations.getStore()?.[key] as T | undefined;
  }

  public set<T = unknown>(key: string | symbol, value: T): void {
    if (this.isProtectedKey(key)) throw new Error(`cannot modify protected Lambda context field ${String(key)}`);
    const state = this.invocations.getStore();
    if (!state) throw new Error('no invocation in progress');
    state[key] = value;
  }

  public run<T>(state: InvocationState, invocation: () => T): T {
    return this.invocations.run(state, invocation);
  }
}

/** Set in the handlers' environment once the store is installed (Powertools requires the store when this is set). */
export const concurrentInvocationsEnvironment = { AWS_LAMBDA_MAX_CONCURRENCY: '1000' } as const;

const runtimeGlobal = globalThis as { awslambda?: { InvokeStore?: InvokeStoreBase } };

/** Installs the store on globalThis.awslambda, as the runtime does before the first invocation. */
export const installInvokeStore = async (): Promise<InvokeStoreBase> => {
  runtimeGlobal.awslambda ??= {};
  const installed = runtimeGlobal.awslambda.InvokeStore;
  if (installed instanceof LocalInvokeStore) return installed;
  const store = new LocalInvokeStore();
  runtimeGlobal.awslambda.InvokeStore = store;
  // The AWS SDK asks InvokeStore.getInstanceAsync() on every request (for trace headers). Asked once now, before
  // AWS_LAMBDA_MAX_CONCURRENCY is set, it settles on an instance instead of building its own later.
  await InvokeStore.getInstanceAsync();
  return store;
};

/** Runs one invocation in its own scope: what it logs is labelled with its own context, whatever runs alongside. */
export const runInvocation = async <T>(requestId: string, invocation: () => Promise<T>): Promise<T> => {
  // Installed once, before the first invocation: every later one skips the asynchronous check.
  const installed = runtimeGlobal.awslambda?.InvokeStore;
  const store = installed instanceof LocalInvokeStore ? installed : await installInvokeStore();
  return store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, invocation);
};

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { esbuildOptions, handlerEntry, projectRoot } from '../../lib/bundling';
import { allFunctions } from '../../lambdas/routes';

const run = promisify(execFile);

export interface ColdStartRow {
  /** Handler name, or `(baseline)` for a bundle that only creates a DynamoDB client. */
  readonly handler: string;
  readonly bytes: number;
  /** Median of the runs: time to `import()` the bundle in a fresh node process. */
  readonly importMs: number;
  /** Fastest of the runs: the least disturbed by other work on the machine. */
  readonly minMs: number;
  readonly runsMs: readonly number[];
}

export const baselineName = '(baseline: DynamoDB client only)';

/** What every handler pays at least: the SDK client, created at module scope as the handlers create theirs. */
const baselineSource = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\nexport const handler = async () => client.config.serviceId;\n";

/** Prints how long `import()` of the file named by argv[1] took, in ms. */
const importProbe = 'const started = performance.now(); await import(process.argv[1]); console.log(performance.now() - started);';

/** Enough environment for every handler module to load (nothing is called, so nothing needs to be reachable). */
const handlerEnvironment = {
  PATH: process.env.PATH ?? '',
  TABLE_NAME: 'cold-start-probe',
  JWT_SECRET: 'cold-start-probe-secret-of-at-least-32-bytes',
  AWS_REGION: 'ap-northeast-2',
  AWS_ACCESS_KEY_ID: 'probe',
  AWS_SECRET_ACCESS_KEY: 'probe',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** How long `import()` of the bundle took in a fresh node process, in ms. */
const timeImport = async (file: string): Promise<number> => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', importProbe, file], { env: handlerEnvironment });
  return Math.round(Number(stdout.trim()) * 10) / 10;
};

export const allHandlerNames = (): string[] => allFunctions.map((fn) => fn.handler);

/**
 * Scenario 6, a cold-start proxy: every handler of lambdas/routes.ts (and the background functions) bundled with the
 * house esbuild options (lib/bundling.ts) into a temporary directory, then imported `runs` times, each in a fresh
 * node process. Module loading is what a Lambda cold start adds on top of the runtime's own start.
 */
export const runColdStart = async (options: { readonly runs: number }): Promise<ColdStartRow[]> => {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
  try {
    const bundles: { handler: string; file: string }[] = [];
    const baselineFile = join(outDir, 'baseline', 'index.mjs');
    // Same options, but the entry is source text resolved from the project (where node_modules is).
    const baselineOptions = esbuildOptions('baseline.ts', baselineFile);
    delete baselineOptions.entryPoints;
    await build({ ...baselineOptions, stdin: { contents: baselineSource, resolveDir: projectRoot, loader: 'ts', sourcefile: 'baseline.ts' } });
    bundles.push({ handler: baselineName, file: baselineFile });
    for (const handler of allHandlerNames()) {
      const file = join(outDir, handler, 'index.mjs');
      await build(esbuildOptions(handlerEntry(handler), file));
      bundles.push({ handler, file });
    }
    // Round-robin over the bundles, so a burst of load on the machine spreads over all of them instead of one.
    const runsMs = new Map<string, number[]>(bundles.map(({ handler }) => [handler, []]));
    for (let round = 0; round < options.runs; round += 1) {
      for (const { handler, file } of bundles) runsMs.get(handler)?.push(await timeImport(file));
    }
    const rows: ColdStartRow[] = bundles.map(({ handler, file }) => {
      const times = runsMs.get(handler) ?? [];
      return { handler, bytes: statSync(file).size, importMs: median(times), minMs: Math.min(...times), runsMs: times };
    });
    return rows;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
};

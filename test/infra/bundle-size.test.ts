import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, handlerEntry } from '../../lib/bundling';
import { allFunctions } from '../../lambdas/routes';
import type { Grants } from '../../lambdas/routes';
import { allHandlers } from './support';

/** Cold-start budget per handler: the bundle the runtime loads, without its .map file. */
const budgetBytes = 300 * 1024;

interface Measured {
  readonly handler: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Bytes of the bundle that come from the AWS SDK and its Smithy runtime. */
  readonly sdkBytes: number;
  /** Bundled bytes per input file. */
  readonly inputs: ReadonlyMap<string, number>;
}

const isSdkInput = (input: string): boolean => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(input);

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

describe('handler bundles', () => {
  let outDir: string;
  const measured: Measured[] = [];
  const missing: string[] = [];

  // Bundling takes a few seconds per handler; jest's 5 s hook default is too short.
  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'concert-bundles-'));
    const bundle = async (handler: string): Promise<void> => {
      const entry = handlerEntry(handler);
      if (!existsSync(entry)) {
        missing.push(handler);
        return;
      }
      const outfile = path.join(outDir, handler, 'index.mjs');
      // The same options the house construct hands to NodejsFunction (lib/bundling.ts).
      const result = await build({ ...esbuildOptions(entry, outfile), metafile: true });
      const output = result.metafile.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile.outputs).find((o) => o.entryPoint);
      const inputs = Object.entries(output?.inputs ?? {});
      measured.push({
        handler,
        bytes: statSync(outfile).size,
        mapBytes: statSync(`${outfile}.map`).size,
        sdkBytes: inputs.filter(([input]) => isSdkInput(input)).reduce((sum, [, input]) => sum + input.bytesInOutput, 0),
        inputs: new Map(inputs.map(([input, { bytesInOutput }]) => [input, bytesInOutput])),
      });
    };
    await Promise.all(allHandlers.map(bundle));
    measured.sort((a, b) => allHandlers.indexOf(a.handler) - allHandlers.indexOf(b.handler));
    const rows = measured.map(
      ({ handler, bytes, mapBytes, sdkBytes }) =>
        `${handler.padEnd(24)} ${kilobytes(bytes).padStart(10)} ${kilobytes(sdkBytes).padStart(10)} ${kilobytes(mapBytes).padStart(10)}`,
    );
    console.log(
      [
        `${'handler'.padEnd(24)} ${'bundle'.padStart(10)} ${'of it SDK'.padStart(10)} ${'map'.padStart(10)}   (budget ${kilobytes(budgetBytes)})`,
        ...rows,
        ...missing.map((handler) => `${handler.padEnd(24)} ${'skipped: lambdas/handlers/' + handler + '.ts does not exist yet'}`),
      ].join('\n'),
    );
  }, 120_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('bundles every existing handler entry', () => {
    expect(measured.length + missing.length).toBe(allHandlers.length);
    expect(measured.length).toBeGreaterThan(0);
  });

  it(`keeps every bundle within ${kilobytes(budgetBytes)}`, () => {
    const overBudget = measured
      .filter(({ bytes }) => bytes > budgetBytes)
      .map(({ handler, bytes }) => `${handler}: ${kilobytes(bytes)} > ${kilobytes(budgetBytes)}`);
    expect(overBudget).toEqual([]);
  });

  it('tree-shakes zod: no locale but English is bundled', () => {
    // `import { z } from 'zod/mini'` keeps the whole namespace (every locale, ~400 KB); use `import * as z`.
    for (const { handler, inputs } of measured) {
      const localeBytes = [...inputs].filter(([input]) => /zod\/v4\/locales\/(?!en\.)/.test(input)).reduce((sum, [, bytes]) => sum + bytes, 0);
      expect({ handler, localeBytes: localeBytes < 1024 ? 'none' : kilobytes(localeBytes) }).toEqual({ handler, localeBytes: 'none' });
    }
  });

  it('bundles the SQS and Secrets Manager clients exactly where the route table grants their permissions', () => {
    // A client without its grant fails with AccessDenied at run time; a grant without its client is excess privilege.
    const grantsOf = new Map<string, Grants>(allFunctions.map((definition) => [definition.handler, definition.grants]));
    const bundles = (inputs: ReadonlyMap<string, number>, client: string) =>
      [...inputs].some(([input, bytes]) => bytes > 0 && input.includes(`node_modules/@aws-sdk/${client}/`));
    for (const { handler, inputs } of measured) {
      const grants = grantsOf.get(handler);
      expect({ handler, sqs: bundles(inputs, 'client-sqs'), secretsManager: bundles(inputs, 'client-secrets-manager') }).toEqual({
        handler,
        sqs: grants?.sendsHoldReleases === true || grants?.sendsTokenExpiries === true,
        secretsManager: grants?.readsJwtSecret === true,
      });
    }
  });

  it('loads every bundle in a fresh Node process: the credential-provider alias and the lazy external resolve', () => {
    for (const { handler } of measured) {
      const bundle = path.join(outDir, handler, 'index.mjs');
      const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); if (typeof m.handler !== 'function') process.exit(3);`], {
        env: { ...process.env, AWS_REGION: 'eu-west-1', TABLE_NAME: 'bundle-load-check' },
        encoding: 'utf8',
      });
      expect({ handler, status: loaded.status, stderr: loaded.stderr.split('\n')[0] }).toEqual({ handler, status: 0, stderr: '' });
    }
  });

  it('emits ESM with the createRequire banner and the AWS SDK bundled in', async () => {
    const sample = measured[0]!;
    const { readFileSync } = await import('node:fs');
    const code = readFileSync(path.join(outDir, sample.handler, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as bannerCreateRequire } from 'node:module';")).toBe(true);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
  });
});

import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Repository root: the handlers and the lock file live below it. */
export const projectRoot = path.resolve(__dirname, '..');

/** Every Lambda handler is one file here, named after the route table's `handler`. */
export const handlerEntry = (handler: string): string => path.join(projectRoot, 'lambdas', 'handlers', `${handler}.ts`);

/**
 * esbuild's ESM output has no `require`; bundled CommonJS code (parts of the AWS SDK) still calls it for Node
 * built-ins, so the bundle recreates it. The import is aliased so it cannot clash with a bundled top-level name.
 */
const esmRequireBanner =
  "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);";

/**
 * The one description of how a handler is bundled. The house construct (service-function.ts) and the bundle
 * budget test (test/infra/bundle-size.test.ts) both derive their esbuild options from it.
 */
const handlerBundling = {
  target: 'node22',
  // Prefer the ESM builds of dependencies: the AWS SDK v3 tree-shakes far better from them.
  mainFields: ['module', 'main'],
  minify: true,
  // The SDK is bundled rather than taken from the runtime: bundles are tree-shaken and pinned to the
  // versions in package-lock.json, so tests and production run the same SDK.
  // The one exception: the SDK loads its event-stream serde lazily, with import(), only for event-stream
  // operations. DynamoDB, SQS and Secrets Manager have none, so it is never loaded; bundling it would add ~19 KB
  // to every cold start.
  externalModules: ['@smithy/core/event-streams'] as string[],
  banner: esmRequireBanner,
  alias: {
    '@aws-sdk/credential-provider-node': path.join(projectRoot, 'lib', 'lambda-credential-provider.ts'),
    '@aws-sdk/middleware-endpoint-discovery': path.join(projectRoot, 'lib', 'endpoint-discovery-shim.ts'),
  },
} as const;

/** NodejsFunction bundling options (local esbuild from node_modules, no Docker). */
export const cdkBundlingOptions = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: handlerBundling.target,
  mainFields: [...handlerBundling.mainFields],
  minify: handlerBundling.minify,
  sourceMap: true,
  // A separate .map file keeps the code that is loaded on every cold start small.
  sourceMapMode: SourceMapMode.DEFAULT,
  externalModules: [...handlerBundling.externalModules],
  banner: handlerBundling.banner,
  esbuildArgs: Object.fromEntries(Object.entries(handlerBundling.alias).map(([module, replacement]) => [`--alias:${module}`, replacement])),
});

/** The same bundle through esbuild's JS API, as NodejsFunction runs it on the command line. */
export const esbuildOptions = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: handlerBundling.target,
  mainFields: [...handlerBundling.mainFields],
  minify: handlerBundling.minify,
  sourcemap: true,
  external: [...handlerBundling.externalModules],
  banner: { js: handlerBundling.banner },
  alias: { ...handlerBundling.alias },
  logLevel: 'silent',
});

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** One file of the built page, as served at `urlPath` (locally by the server, on AWS from S3 via CloudFront). */
export interface WebAsset {
  readonly urlPath: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly body: Uint8Array;
}

const webRoot = __dirname;
const contentTypes = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' } as const;
/** Asset names carry their content hash, so browsers and the CDN may keep them forever; the page itself never. */
const immutable = 'public, max-age=31536000, immutable';
export const pageCacheControl = 'no-cache';

/**
 * Builds the fan web app (web/src, Preact + htm) with esbuild, in memory: one minified ES module and one
 * stylesheet with hashed names, and index.html pointing at them. Synchronous so the CDK app can call it too.
 */
export const buildWebApp = (): WebAsset[] => {
  const result = buildSync({
    entryPoints: [path.join(webRoot, 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    outdir: path.join(webRoot, 'dist', 'assets'),
    entryNames: '[name]-[hash]',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets: WebAsset[] = result.outputFiles.map((file) => {
    const extension = path.extname(file.path) as keyof typeof contentTypes;
    return { urlPath: `/assets/${path.basename(file.path)}`, contentType: contentTypes[extension], cacheControl: immutable, body: file.contents };
  });
  const urlOf = (extension: string) => assets.find((asset) => asset.urlPath.endsWith(extension))?.urlPath ?? '';
  const page = readFileSync(path.join(webRoot, 'index.html'), 'utf8').replace('{{css}}', urlOf('.css')).replace('{{js}}', urlOf('.js'));
  return [{ urlPath: '/index.html', contentType: contentTypes['.html'], cacheControl: pageCacheControl, body: new TextEncoder().encode(page) }, ...assets];
};

/** Writes a fresh build into `directory` (emptied first), laid out as it is served, and returns the directory: the CDK uploads it to S3. */
export const writeWebApp = (directory: string): string => {
  const assets = buildWebApp();
  rmSync(directory, { recursive: true, force: true });
  for (const asset of assets) {
    const file = path.join(directory, ...asset.urlPath.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, asset.body);
  }
  return directory;
};

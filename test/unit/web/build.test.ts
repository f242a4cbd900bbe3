import { gzipSync } from 'node:zlib';
import { buildWebApp } from '../../../web/build';

/** The page's JavaScript budget: what a fan on a phone downloads before seeing anything. */
const scriptBudgetBytes = 60 * 1024;

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

describe('buildWebApp', () => {
  const assets = buildWebApp();
  const scripts = assets.filter((asset) => asset.urlPath.endsWith('.js'));

  it(`keeps the page's JavaScript within ${kilobytes(scriptBudgetBytes)} gzip`, () => {
    const gzipped = scripts.reduce((sum, asset) => sum + gzipSync(asset.body, { level: 9 }).length, 0);
    console.log(`web app JavaScript: ${kilobytes(scripts.reduce((sum, asset) => sum + asset.body.length, 0))} minified, ${kilobytes(gzipped)} gzip (budget ${kilobytes(scriptBudgetBytes)})`);
    expect(gzipped).toBeLessThanOrEqual(scriptBudgetBytes);
  });

  it('emits one page, one script and one stylesheet, the assets under content-hashed names', () => {
    const paths = assets.map((asset) => asset.urlPath);
    expect(paths).toHaveLength(3);
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/assets\/main-[A-Z0-9]+\.css$/), expect.stringMatching(/^\/assets\/main-[A-Z0-9]+\.js$/), '/index.html']),
    );
  });

  it('points the page at the hashed assets and lets browsers keep them forever but never the page itself', () => {
    const page = assets.find((asset) => asset.urlPath === '/index.html');
    const html = new TextDecoder().decode(page?.body);
    for (const asset of assets.filter((candidate) => candidate !== page)) {
      expect(html).toContain(`"${asset.urlPath}"`);
      expect(asset.cacheControl).toBe('public, max-age=31536000, immutable');
    }
    expect(page?.cacheControl).toBe('no-cache');
  });

  it('builds the same bytes from the same sources (stable names for the CDN)', () => {
    expect(buildWebApp().map((asset) => asset.urlPath)).toEqual(assets.map((asset) => asset.urlPath));
  });
});

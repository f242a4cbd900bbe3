import { webAppRoute } from '../../../local/web-app';
import type { WebAsset } from '../../../web/build';

const asset = (urlPath: string, contentType: string, text: string): WebAsset => ({
  urlPath,
  contentType,
  cacheControl: urlPath === '/index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
  body: new TextEncoder().encode(text),
});

describe('webAppRoute', () => {
  const serve = webAppRoute([asset('/index.html', 'text/html; charset=utf-8', '<!doctype html>'), asset('/assets/main-ABC.js', 'text/javascript; charset=utf-8', 'x=1')]);

  it('answers GET / with the page, its cache rule and a same-origin content security policy', () => {
    const response = serve('GET', '/');
    expect(response).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
    expect(Buffer.from(response?.body ?? '', 'base64').toString('utf8')).toBe('<!doctype html>');
    expect(response?.headers?.['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves a hashed asset by its path', () => {
    expect(serve('GET', '/assets/main-ABC.js')).toMatchObject({ statusCode: 200, headers: { 'cache-control': 'public, max-age=31536000, immutable' } });
  });

  it('leaves other paths and methods to the API routes', () => {
    expect(serve('GET', '/assets/missing.js')).toBeUndefined();
    expect(serve('POST', '/')).toBeUndefined();
  });
});

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { WebAsset } from '../web/build';

/**
 * What the page may load and talk to: only its own origin (the API is served beside it). The same policy is set
 * by CloudFront on AWS (lib/web-distribution.ts).
 */
export const webAppSecurityHeaders = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/**
 * Serves the built fan web app (web/build.ts): GET / and /index.html give the page, /assets/* its hashed
 * script and stylesheet. Anything else is left to the caller (undefined).
 */
export const webAppRoute = (assets: readonly WebAsset[]) => {
  const byPath = new Map(assets.map((asset) => [asset.urlPath, asset]));
  return (method: string, rawPath: string): APIGatewayProxyStructuredResultV2 | undefined => {
    if (method !== 'GET') return undefined;
    const asset = byPath.get(rawPath === '/' ? '/index.html' : rawPath);
    if (!asset) return undefined;
    return {
      statusCode: 200,
      headers: { 'content-type': asset.contentType, 'cache-control': asset.cacheControl, ...webAppSecurityHeaders },
      body: Buffer.from(asset.body).toString('base64'),
      isBase64Encoded: true,
    };
  };
};

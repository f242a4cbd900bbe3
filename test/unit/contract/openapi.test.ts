import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, operations } from '../../../lambdas/contract/openapi';
import { httpRoutes } from '../../../lambdas/routes';

describe('OpenAPI document', () => {
  it('describes exactly the routes of the route table', () => {
    expect(Object.keys(operations).sort()).toEqual(httpRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('documents the error body once and references it', () => {
    const document = buildOpenApiDocument();
    expect(document.components?.schemas?.Error).toBeDefined();
    expect(JSON.stringify(document.paths)).toContain('#/components/schemas/Error');
  });
});

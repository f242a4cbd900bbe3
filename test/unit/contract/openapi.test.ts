import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, operations } from '../../../lambdas/contract/openapi';
import { ErrorCode } from '../../../lambdas/domain/errors';
import { httpRoutes } from '../../../lambdas/routes';

describe('OpenAPI document', () => {
  it('describes exactly the routes of the route table', () => {
    expect(Object.keys(operations).sort()).toEqual(httpRoutes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('documents the error body once, with every contract error code, and every error response uses it', () => {
    const document = buildOpenApiDocument();
    expect(JSON.parse(JSON.stringify(document.components?.schemas?.Error))).toEqual({
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: { code: { type: 'string', enum: Object.values(ErrorCode) }, message: { type: 'string' } },
          required: ['code', 'message'],
          additionalProperties: false,
        },
      },
      required: ['error'],
      additionalProperties: false,
    });
    const errorResponses = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, { responses: Record<string, { content?: unknown }> }>).flatMap(([method, operation]) =>
        Object.entries(operation.responses)
          .filter(([status]) => Number(status) >= 400)
          .map(([status, response]) => [`${method} ${path} ${status}`, response.content]),
      ),
    );
    expect(errorResponses.length).toBeGreaterThan(httpRoutes.length * 3);
    for (const [where, content] of errorResponses) {
      expect([where, content]).toEqual([where, { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }]);
    }
  });
});

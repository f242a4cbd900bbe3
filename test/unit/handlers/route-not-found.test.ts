import { handler } from '../../../lambdas/handlers/route-not-found';
import { invoke } from '../../support/invoke';

describe('route-not-found ($default route)', () => {
  it.each([
    ['GET', '/nope'],
    ['PUT', '/users'],
    ['POST', '/concerts/c-1/dates'],
  ])('answers %s %s with the contract 404 NOT_FOUND body', async (method, rawPath) => {
    const response = await invoke(handler, { method, rawPath, routePath: '$default', body: method === 'GET' ? undefined : { any: 'thing' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
});

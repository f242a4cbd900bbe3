import type { HttpRouteDefinition } from '../../../lambdas/routes';
import { httpRoutes } from '../../../lambdas/routes';
import { decodePathParameters, matchRoute } from '../../../local/routing';

const route = (method: HttpRouteDefinition['method'], path: string): HttpRouteDefinition => ({ method, path, handler: path, grants: { table: [] } });

describe('matchRoute', () => {
  const routes = [
    route('GET', '/concerts'),
    route('GET', '/concerts/{concertId}/dates'),
    route('GET', '/concerts/{concertId}/dates/{date}/seats'),
    route('GET', '/queue/tokens/{tokenId}'),
    route('GET', '/queue/tokens/me'),
    route('DELETE', '/queue/tokens/me'),
  ];

  it('matches a literal path', () => {
    expect(matchRoute(routes, 'GET', '/concerts')).toEqual({ route: routes[0], rawPathParameters: {} });
  });

  it('takes one segment per path parameter', () => {
    expect(matchRoute(routes, 'GET', '/concerts/c1/dates/2026-12-24/seats')).toEqual({
      route: routes[2],
      rawPathParameters: { concertId: 'c1', date: '2026-12-24' },
    });
  });

  it('keeps parameters percent-encoded, an encoded slash included, so they stay one segment', () => {
    expect(matchRoute(routes, 'GET', '/concerts/a%2Fb%20c/dates')?.rawPathParameters).toEqual({ concertId: 'a%2Fb%20c' });
  });

  it('prefers the template with fewer parameters when several match', () => {
    expect(matchRoute(routes, 'GET', '/queue/tokens/me')?.route).toBe(routes[4]);
    expect(matchRoute(routes, 'GET', '/queue/tokens/t1')?.route).toBe(routes[3]);
  });

  it('tells methods apart on the same path', () => {
    expect(matchRoute(routes, 'DELETE', '/queue/tokens/me')?.route).toBe(routes[5]);
    expect(matchRoute(routes, 'POST', '/queue/tokens/me')).toBeUndefined();
  });

  it.each(['/nope', '/concerts/', '/concerts//dates', '/concerts/c1/dates/extra', '/Concerts', ''])('finds nothing for "%s"', (path) => {
    expect(matchRoute(routes, 'GET', path)).toBeUndefined();
  });

  it('finds every route of the real route table by its own template', () => {
    for (const definition of httpRoutes) {
      const samplePath = definition.path.replace(/\{[^}]+\}/g, 'x1');
      expect(matchRoute(httpRoutes, definition.method, samplePath)?.route).toBe(definition);
    }
  });
});

describe('decodePathParameters', () => {
  it('percent-decodes every value', () => {
    expect(decodePathParameters({ concertId: '%20bad', date: '2026-12-24', name: '%EA%B0%80' })).toEqual({
      decoded: { concertId: ' bad', date: '2026-12-24', name: '가' },
    });
  });

  it('names the first value that is not valid percent-encoding of UTF-8', () => {
    expect(decodePathParameters({ date: '2026-12-24', concertId: '%E0%A4%A' })).toEqual({ invalid: 'concertId' });
    expect(decodePathParameters({ reservationId: '%ff' })).toEqual({ invalid: 'reservationId' });
  });
});

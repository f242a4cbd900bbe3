import type { HttpHandler } from '../../support/invoke';
import { invokeOutsideContract as invoke } from '../../support/invoke';

describe('business metrics', () => {
  const written: string[] = [];
  let failingRoute: HttpHandler;

  beforeAll(async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const { httpRoute } = await import('../../../lambdas/handlers/http/http-route');
    const { InsufficientBalanceError } = await import('../../../lambdas/domain/errors');
    failingRoute = httpRoute({}, async () => {
      throw new InsufficientBalanceError('u1', 10, 50_000);
    });
  });

  afterAll(() => {
    jest.restoreAllMocks();
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  });

  it('emits RequestFailed in EMF with the route and error code as dimensions', async () => {
    const response = await invoke(failingRoute, { method: 'POST', rawPath: '/payments', routePath: '/payments' });
    expect(response.statusCode).toBe(402);
    const emf = written.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => 'RequestFailed' in entry);
    expect(emf).toMatchObject({ route: 'POST /payments', code: 'INSUFFICIENT_BALANCE', RequestFailed: 1 });
  });

  it('keeps the route and code on every failure of the same kind, not only the first', async () => {
    written.length = 0;
    await invoke(failingRoute, { method: 'POST', rawPath: '/payments', routePath: '/payments' });
    await invoke(failingRoute, { method: 'POST', rawPath: '/payments', routePath: '/payments' });
    const failures = written.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => 'RequestFailed' in entry);
    expect(failures).toHaveLength(2);
    for (const emf of failures) expect(emf).toMatchObject({ route: 'POST /payments', code: 'INSUFFICIENT_BALANCE', RequestFailed: 1 });
  });
});

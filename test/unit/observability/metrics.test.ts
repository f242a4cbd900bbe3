import type { HttpHandler } from '../../support/invoke';
import { invokeOutsideContract as invoke } from '../../support/invoke';

describe('business metrics', () => {
  const written: string[] = [];
  let failingRoute: HttpHandler;
  let quietRoute: HttpHandler;

  beforeAll(async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    const { httpRoute } = await import('../../../lambdas/handlers/http/http-route');
    const { InsufficientBalanceError } = await import('../../../lambdas/domain/errors');
    failingRoute = httpRoute({}, async () => {
      throw new InsufficientBalanceError('u1', 10, 50_000);
    });
    quietRoute = httpRoute({}, async () => ({ statusCode: 204 }));
  });

  afterAll(() => {
    jest.restoreAllMocks();
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  beforeEach(() => {
    written.length = 0;
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

  it('flushes an invocation that recorded nothing without a line, not even Powertools\' empty-flush warning', async () => {
    const response = await invoke(quietRoute, { method: 'GET', rawPath: '/health', routePath: '/health' });
    expect(response.statusCode).toBe(204);
    expect(written).toEqual([]);
  });
});

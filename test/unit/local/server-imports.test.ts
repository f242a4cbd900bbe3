/**
 * Powertools reads POWERTOOLS_METRICS_DISABLED once, when the Metrics instance is created. The local server sets
 * that default before loading any handler, so nothing the server itself imports may create the instance first.
 */
let mockMetricsModuleLoaded = false;
jest.mock('../../../lambdas/observability/metrics', () => {
  mockMetricsModuleLoaded = true;
  return jest.requireActual('../../../lambdas/observability/metrics');
});

describe('local server imports', () => {
  it('does not load the metrics module before a handler is loaded', async () => {
    await import('../../../local/server');
    expect(mockMetricsModuleLoaded).toBe(false);
  });

  it('would notice if it did: a handler module loads it', async () => {
    await import('../../../lambdas/handlers/http/error-responder');
    expect(mockMetricsModuleLoaded).toBe(true);
  });
});

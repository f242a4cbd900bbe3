import { httpRoute } from '../../../lambdas/handlers/http/http-route';
import { logger } from '../../../lambdas/observability/logger';
import { invokeOutsideContract as invoke } from '../../support/invoke';

describe('structured logs', () => {
  const written: string[] = [];

  beforeAll(() => {
    logger.setLogLevel('ERROR');
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterAll(() => {
    jest.restoreAllMocks();
    logger.setLogLevel('SILENT');
  });

  it('writes JSON lines that carry the Lambda and API Gateway request ids', async () => {
    const failing = httpRoute({}, async () => {
      throw new Error('boom');
    });
    const response = await invoke(failing, { rawPath: '/x' });
    expect(response.statusCode).toBe(500);
    const line = written.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.message === 'unexpected error');
    expect(line).toMatchObject({ level: 'ERROR', requestId: expect.any(String), function_request_id: expect.any(String) });
  });
});

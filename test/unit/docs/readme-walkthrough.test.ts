import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const contract = readFileSync(join(root, 'docs', 'api.md'), 'utf8');

interface Endpoint {
  readonly method: string;
  readonly path: string;
}

/** Every `METHOD /path` the contract names, e.g. `GET /concerts/{concertId}/dates`. */
const contractEndpoints = (text: string): Endpoint[] =>
  [...text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)/g)].map((match) => ({ method: match[1] as string, path: match[2] as string }));

/** The routes the contract says require an Idempotency-Key ("routes that move money (...)"). */
const moneyRoutes = (text: string): Endpoint[] => {
  const sentence = /routes that move money \(([^)]*)\)/.exec(text.replace(/\s+/g, ' '));
  return sentence ? contractEndpoints(sentence[1] as string) : [];
};

interface WalkthroughRequest extends Endpoint {
  readonly line: string;
  readonly headers: readonly string[];
}

/** The curl requests of the README's walkthrough block, continuation lines joined. */
const walkthroughRequests = (text: string): WalkthroughRequest[] => {
  const section = text.slice(text.indexOf('## Walkthrough'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
  return lines
    .filter((line) => /(^|\$\()curl /.test(line.trim()))
    .map((line) => {
      const url = /"?\$API(\/[^"\s]*)"?/.exec(line)?.[1] ?? '';
      return {
        line,
        method: /-X (\w+)/.exec(line)?.[1] ?? 'GET',
        path: url.split('?')[0] as string,
        headers: [...line.matchAll(/-H ['"]([^:'"]+):/g)].map((match) => (match[1] as string).toLowerCase()),
      };
    });
};

/** `/concerts/$CONCERT/dates` matches `/concerts/{concertId}/dates`: a shell variable stands for one parameter. */
const matches = (template: string, path: string): boolean => {
  const wanted = template.split('/');
  const given = path.split('/');
  return wanted.length === given.length && wanted.every((segment, index) => (segment.startsWith('{') ? given[index]?.startsWith('$') : segment === given[index]));
};

describe('README walkthrough', () => {
  const requests = walkthroughRequests(readme);
  const endpoints = contractEndpoints(contract);

  it('walks the whole fan journey', () => {
    const steps = requests.map(({ method, path }) => `${method} ${path}`);
    expect(steps).toEqual(
      expect.arrayContaining(['POST /users', 'POST /queue/tokens', 'POST /reservations', 'POST /balance/charge', 'POST /payments']),
    );
  });

  it.each(requests.map((request) => [`${request.method} ${request.path}`, request] as const))('sends %s, an endpoint of docs/api.md', (_, request) => {
    expect(endpoints.some((endpoint) => endpoint.method === request.method && matches(endpoint.path, request.path))).toBe(true);
  });

  it('sends an Idempotency-Key on every route that moves money', () => {
    const money = moneyRoutes(contract);
    expect(money.length).toBeGreaterThan(0);
    const moving = requests.filter((request) => money.some((route) => route.method === request.method && matches(route.path, request.path)));
    expect(moving.length).toBeGreaterThan(0);
    for (const request of moving) expect({ line: request.line, headers: request.headers }).toEqual({ line: request.line, headers: expect.arrayContaining(['idempotency-key']) });
  });

  it('sends a body only with a content-type of JSON', () => {
    for (const request of requests.filter(({ line }) => line.includes(' -d '))) {
      expect({ line: request.line, headers: request.headers }).toEqual({ line: request.line, headers: expect.arrayContaining(['content-type']) });
    }
  });
});

import type { TestServer } from '../support/local-server';
import { startTestServer } from '../support/local-server';

const expectValidationError = (response: { status: number; body: unknown }) => {
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
};

describe('local server over HTTP: foundation routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers GET /health with status ok', async () => {
    const response = await server.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('registers a user with POST /users', async () => {
    const response = await server.request('POST', '/users', { body: { name: 'Kim Minji' } });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Kim Minji',
      userKey: expect.stringMatching(/^uk_[A-Za-z0-9_-]{40,}$/),
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('lists the demo concert and its three dates with 50 free seats each', async () => {
    const concerts = await server.request('GET', '/concerts');
    expect(concerts.status).toBe(200);
    expect(concerts.body.concerts).toEqual([{ concertId: expect.any(String), title: 'Demo Concert', venue: 'Olympic Hall', saleOpensAt: null, status: 'ON_SALE' }]);

    const { concertId } = concerts.body.concerts[0];
    const dates = await server.request('GET', `/concerts/${concertId}/dates`);
    expect(dates.status).toBe(200);
    expect(dates.body.concertId).toBe(concertId);
    expect(dates.body.dates).toHaveLength(3);
    for (const date of dates.body.dates) {
      expect(date).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), price: 50_000, totalSeats: 50, availableSeats: 50, grades: [{ grade: 'STANDARD', price: 50_000, availableSeats: 50 }] });
    }
  });

  it('answers 404 CONCERT_NOT_FOUND for an unknown concert', async () => {
    const response = await server.request('GET', '/concerts/no-such-concert/dates');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('CONCERT_NOT_FOUND');
  });

  describe('rejects bad input with 400 VALIDATION_ERROR', () => {
    it('malformed JSON', async () => {
      expectValidationError(await server.request('POST', '/users', { body: '{"name": "Kim' }));
    });

    it('an unknown field', async () => {
      expectValidationError(await server.request('POST', '/users', { body: { name: 'Kim', admin: true } }));
    });

    it.each([
      ['a control character', 'Kim\u0000Minji'],
      ['a lone surrogate', 'Kim\ud800'],
    ])('a name with %s', async (_, name) => {
      expectValidationError(await server.request('POST', '/users', { body: { name } }));
    });

    it.each([
      ['a zero width space (U+200B)', 'Kim\u200bMinji', /format characters/],
      ['a right-to-left override (U+202E)', '\u202eKim', /format characters/],
      ['a byte order mark only (trimmed away)', '\ufeff', /visible character/],
      ['only a combining mark', '\u0301', /visible character/],
      ['only ideographic spaces', '\u3000\u3000', /visible character|at least/],
    ])('a name with %s, naming the field and the rule', async (_, name, rule) => {
      const response = await server.request('POST', '/users', { body: { name } });
      expectValidationError(response);
      expect(response.body.error.message).toMatch(/name/);
      expect(response.body.error.message).toMatch(rule);
    });

    it('accepts names in any script, with emoji and inner spaces', async () => {
      for (const name of ['김민지', 'Zoë O’Brien', 'DJ 🎧', 'ميرا']) {
        expect((await server.request('POST', '/users', { body: { name } })).status).toBe(201);
      }
    });

    it('a 51-character name', async () => {
      expectValidationError(await server.request('POST', '/users', { body: { name: 'a'.repeat(51) } }));
    });

    it('a missing name', async () => {
      expectValidationError(await server.request('POST', '/users', { body: {} }));
    });

    it('a missing body', async () => {
      expectValidationError(await server.request('POST', '/users'));
    });

    it('a bad path parameter', async () => {
      expectValidationError(await server.request('GET', '/concerts/%20bad/dates'));
    });

    it('a path parameter that is not valid percent-encoding', async () => {
      expectValidationError(await server.request('GET', '/concerts/%E0%A4%A/dates'));
    });
  });

  describe('answers 404 NOT_FOUND for a route that does not exist', () => {
    it.each([
      ['GET', '/nope'],
      ['DELETE', '/concerts'],
      ['GET', '/concerts/'],
      ['GET', '/concerts//dates'],
    ])('%s %s', async (method, path) => {
      const response = await server.request(method, path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    });
  });
});

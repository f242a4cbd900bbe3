import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { TestResponse, TestServer } from '../../support/local-server';

/** What a fan does in the page, by the page's own landmarks (ids, roles, data attributes), in any language. */

export const signUp = async (page: Page, name: string): Promise<void> => {
  await page.locator('#fan-name').fill(name);
  await page.locator('form.signup button[type=submit]').click();
  await page.locator('form.signup').waitFor({ state: 'detached' });
};

export const joinFirstConcert = async (page: Page): Promise<void> => {
  await page.locator('li.concert button.primary').first().click();
};

export const concertCard = (page: Page, concertId: string) => page.locator(`li.concert[data-concert-id="${concertId}"]`);

export const joinConcert = (page: Page, concertId: string) => concertCard(page, concertId).locator('button.primary').click();

export const seat = (page: Page, seatNo: number) => page.locator(`.seat-grid [data-seat="${seatNo}"]`);

export const waitForSeatMap = (page: Page) => page.locator('.seat-grid').waitFor();

export const holdChosenSeats = (page: Page) => page.locator('section.seats button.primary').click();

export const errorShown = (page: Page, code: string) => page.locator(`[role=alert][data-error-code="${code}"]`).waitFor();

/** Sends a request, and again with a solved X-Challenge when the server asks for proof of work (API.md v2). */
const withProofOfWork = async (server: TestServer, send: (headers: Record<string, string>) => Promise<TestResponse>): Promise<TestResponse> => {
  const first = await send({});
  if (first.status !== 403 || first.body?.error?.code !== 'CHALLENGE_REQUIRED') return first;
  const { algorithm, challenge, maxnumber, salt, signature } = (await server.request('GET', '/challenge')).body;
  for (let number = 0; number <= maxnumber; number += 1) {
    if (createHash('sha256').update(`${salt}${number}`).digest('hex') === challenge) {
      return send({ 'x-challenge': Buffer.from(JSON.stringify({ algorithm, challenge, number, salt, signature })).toString('base64') });
    }
  }
  throw new Error('the challenge has no solution');
};

/** An API client for arranging state beside the page, tolerant of a server before or after the user keys of API.md v2. */
export const apiFan = async (server: TestServer, name: string, concertId: string) => {
  const created = await withProofOfWork(server, (headers) => server.request('POST', '/users', { body: { name }, headers }));
  if (created.status !== 201) throw new Error(`POST /users: ${created.status} ${JSON.stringify(created.body)}`);
  const { userId, userKey } = created.body as { userId: string; userKey?: string };
  const issued = await withProofOfWork(server, (headers) =>
    server.request('POST', '/queue/tokens', userKey ? { body: { concertId }, token: userKey, headers } : { body: { userId, concertId }, headers }),
  );
  if (issued.status !== 201) throw new Error(`POST /queue/tokens: ${issued.status} ${JSON.stringify(issued.body)}`);
  return { userId, userKey, token: issued.body.token as string, status: issued.body.status as string };
};

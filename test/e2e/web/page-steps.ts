import type { Page } from 'playwright-core';
import type { TestServer } from '../../support/local-server';

/** What a fan does in the page, by the page's own landmarks (ids, roles, data attributes), in any language. */

export const signUp = async (page: Page, name: string): Promise<void> => {
  await page.locator('#fan-name').fill(name);
  await page.locator('form.signup button[type=submit]').click();
  await page.locator('form.signup').waitFor({ state: 'detached' });
};

export const joinFirstConcert = async (page: Page): Promise<void> => {
  await page.locator('li.concert button.primary').first().click();
};

export const seat = (page: Page, seatNo: number) => page.locator(`.seat-grid [data-seat="${seatNo}"]`);

export const waitForSeatMap = (page: Page) => page.locator('.seat-grid').waitFor();

export const holdChosenSeats = (page: Page) => page.locator('section.seats button.primary').click();

export const errorShown = (page: Page, code: string) => page.locator(`[role=alert][data-error-code="${code}"]`).waitFor();

/**
 * An API client for arranging state beside the page, tolerant of a server before or after the user keys of
 * API.md v2 (proof of work is left off in these tests' servers).
 */
export const apiFan = async (server: TestServer, name: string, concertId: string) => {
  const created = await server.request('POST', '/users', { body: { name } });
  if (created.status !== 201) throw new Error(`POST /users: ${created.status} ${JSON.stringify(created.body)}`);
  const { userId, userKey } = created.body as { userId: string; userKey?: string };
  const issued = await server.request('POST', '/queue/tokens', userKey ? { body: { concertId }, token: userKey } : { body: { userId, concertId } });
  if (issued.status !== 201) throw new Error(`POST /queue/tokens: ${issued.status} ${JSON.stringify(issued.body)}`);
  return { userId, userKey, token: issued.body.token as string, status: issued.body.status as string };
};

import type { Browser } from 'playwright-core';
import type { Fan } from '../../support/browser';
import { launchChromium, openFan, screenshot } from '../../support/browser';
import type { TestServer } from '../../support/local-server';
import { startTestServer } from '../../support/local-server';
import { apiFan, errorShown, holdChosenSeats, joinFirstConcert, seat, signUp, waitForSeatMap } from './page-steps';

const holdTtlSeconds = 5;

/**
 * What a fan meets when things go wrong, in a real browser: a seat taken between loading the map and holding it,
 * and a hold that runs out before the payment. (Lack of balance is part of the journey test.)
 */
describe('web app in a real browser: the error paths', () => {
  let server: TestServer;
  let browser: Browser;
  let fan: Fan;
  let concertId: string;
  let date: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ env: { MAX_ACTIVE_TOKENS: '3', HOLD_TTL_SECONDS: String(holdTtlSeconds) }, admissionIntervalSeconds: 1 }),
      launchChromium(),
    ]);
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
    date = (await server.request('GET', `/concerts/${concertId}/dates`)).body.dates[0].date;
    fan = await openFan(browser, server.url);
    await signUp(fan.page, 'Cho');
    await joinFirstConcert(fan.page);
    await waitForSeatMap(fan.page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says the seat was taken when another fan held it first, and shows it taken', async () => {
    await expect(seat(fan.page, 5).getAttribute('data-status')).resolves.toBe('AVAILABLE');
    const rival = await apiFan(server, 'rival', concertId);
    const held = await server.request('POST', '/reservations', { body: { concertId, date, seatNo: 5 }, token: rival.token });
    expect(held.status).toBe(201);

    await seat(fan.page, 5).click();
    await holdChosenSeats(fan.page);
    await errorShown(fan.page, 'SEAT_ALREADY_RESERVED');
    await fan.page.locator('.seat-grid [data-seat="5"][data-status=HELD]').waitFor();
    await expect(seat(fan.page, 5).isDisabled()).resolves.toBe(true);
    await expect(fan.page.locator('.seat[aria-pressed=true]').count()).resolves.toBe(0);
    await screenshot(fan.page, 'seat-taken');
  });

  it('says the hold expired when its countdown runs out, and gives the seat back', async () => {
    await seat(fan.page, 6).click();
    await holdChosenSeats(fan.page);
    await fan.page.getByTestId('hold-expired').waitFor();
    await expect(fan.page.locator('section.hold button.primary').count()).resolves.toBe(1);
    await fan.page.locator('section.hold button.primary').click();
    await fan.page.locator('.seat-grid [data-seat="6"][data-status=AVAILABLE]').waitFor();
  });

  it('raised no uncaught error in the page', () => {
    expect(fan.pageErrors).toEqual([]);
  });
});

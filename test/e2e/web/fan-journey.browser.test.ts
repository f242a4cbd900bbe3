import type { Browser } from 'playwright-core';
import type { Fan } from '../../support/browser';
import { launchChromium, openFan, screenshot } from '../../support/browser';
import type { TestServer } from '../../support/local-server';
import { startTestServer } from '../../support/local-server';
import { apiFan, errorShown, holdChosenSeats, joinFirstConcert, seat, signUp, waitForSeatMap } from './page-steps';

/**
 * The whole journey in a real browser (Debian's chromium through playwright-core), against the local server
 * serving the page at / beside the API: two fans in a waiting room of one. The first gets in at once, holds two
 * seats, is refused for lack of balance, charges and pays; the second waits on a phone, in Korean, behind one more
 * fan (who arrives through the API), sees its place move from 2 to 1 when the first pays, and is let in when the
 * fan ahead leaves. Every step waits for the page's own state, never for time.
 */
describe('web app in a real browser: the fan journey', () => {
  let server: TestServer;
  let browser: Browser;
  let first: Fan;
  let second: Fan;
  let seatsHeld: number[];
  let concertId: string;
  let fanAhead: Awaited<ReturnType<typeof apiFan>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // A small proof of work where the server supports it (API.md v2), so the page solves one.
      startTestServer({ env: { MAX_ACTIVE_TOKENS: '1', CHALLENGE_MAX_NUMBER: '2000' }, admissionIntervalSeconds: 1 }),
      launchChromium(),
    ]);
    concertId = (await server.request('GET', '/concerts')).body.concerts[0].concertId;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the page at / with its script and stylesheet from the same origin', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await response.text();
    const script = /src="(\/assets\/main-[A-Z0-9]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('lets the first fan sign up and walk straight into the seat map of a free room', async () => {
    first = await openFan(browser, server.url);
    await screenshot(first.page, 'sign-up');
    await signUp(first.page, 'Ari');
    await screenshot(first.page, 'concerts');
    await joinFirstConcert(first.page);
    await waitForSeatMap(first.page);
  });

  it('queues the second fan (phone, Korean) at place 2, behind a fan who came first, while the room of one is full', async () => {
    fanAhead = await apiFan(server, 'early bird', concertId);
    expect(fanAhead.status).toBe('WAITING');
    second = await openFan(browser, server.url, { locale: 'ko-KR', viewport: { width: 390, height: 844 } });
    await signUp(second.page, '보라');
    await joinFirstConcert(second.page);
    await expect(second.page.getByTestId('position').textContent()).resolves.toBe('2');
    await expect(second.page.locator('progress').count()).resolves.toBe(1);
    await expect(second.page.locator('html').getAttribute('lang')).resolves.toBe('ko');
    await screenshot(second.page, 'waiting-room');
  });

  it('lets the first fan choose seats (by mouse and by keyboard) and hold them with a countdown', async () => {
    // Several seats in one hold are API.md v2 (seatNos); a v1 server validates the body before the token.
    const probe = await server.request('POST', '/reservations', { body: { concertId: 'probe', date: '2026-12-24', seatNos: [1] } });
    seatsHeld = probe.status === 400 ? [2] : [1, 2];
    if (seatsHeld.includes(1)) await seat(first.page, 1).click();
    await seat(first.page, 2).focus();
    await first.page.keyboard.press('Enter');
    await expect(seat(first.page, 2).getAttribute('aria-pressed')).resolves.toBe('true');
    await screenshot(first.page, 'seat-map');
    await holdChosenSeats(first.page);
    await first.page.getByTestId('hold-left').waitFor();
  });

  it('refuses the payment for lack of balance, then pays after charging the shortfall', async () => {
    await first.page.getByTestId('balance').filter({ hasText: '0' }).waitFor();
    await first.page.locator('section.hold button.primary').click();
    await errorShown(first.page, 'INSUFFICIENT_BALANCE');
    await screenshot(first.page, 'hold');
    // The charge form offers the shortfall (the demo concert's seats cost 50,000 won each).
    await expect(first.page.locator('#charge-amount').inputValue()).resolves.toBe(String(seatsHeld.length * 50_000));
    await first.page.locator('section.hold form button[type=submit]').click();
    await first.page.getByTestId('balance').filter({ hasText: (seatsHeld.length * 50_000).toLocaleString('en-GB') }).waitFor();
    await first.page.locator('section.hold button.primary').click();
    await first.page.locator('section.paid').waitFor();
    await screenshot(first.page, 'paid');
  });

  it('moves the second fan to place 1 when the first pays and the fan ahead is let in', async () => {
    await second.page.getByTestId('position').filter({ hasText: /^1$/ }).waitFor();
    await expect(second.page.locator('progress').evaluate((element) => [(element as { value: number }).value, (element as { max: number }).max])).resolves.toEqual([1, 2]);
  });

  it('lets the second fan in once the fan ahead leaves, and shows the sold seats as taken', async () => {
    const active = await server.request('GET', '/queue/tokens/me', { token: fanAhead.token });
    expect(active.body.status).toBe('ACTIVE');
    expect((await server.request('DELETE', '/queue/tokens/me', { token: fanAhead.token })).status).toBe(204);
    await waitForSeatMap(second.page);
    for (const seatNo of seatsHeld) {
      await expect(seat(second.page, seatNo).getAttribute('data-status')).resolves.toBe('SOLD');
      await expect(seat(second.page, seatNo).isDisabled()).resolves.toBe(true);
    }
    await expect(seat(second.page, 3).isEnabled()).resolves.toBe(true);
  });

  it('shows the first fan their ticket, and refunds it where the server offers refunds', async () => {
    await first.page.locator('section.paid button.primary').click();
    await first.page.locator('section.tickets').waitFor();
    const listsTickets = (await server.request('GET', '/reservations')).status !== 404;
    if (!listsTickets) {
      // A server without GET /reservations (before API.md v2) gets a plain explanation instead of a list.
      await first.page.getByTestId('tickets-unavailable').waitFor();
      return;
    }
    const ticket = first.page.locator('li.ticket[data-status=CONFIRMED]');
    await ticket.waitFor();
    await screenshot(first.page, 'tickets');
    await ticket.locator('button').click();
    await first.page.locator('li.ticket[data-status=REFUNDED]').waitFor();
  });

  it('raised no uncaught error in either page', () => {
    expect(first.pageErrors).toEqual([]);
    expect(second.pageErrors).toEqual([]);
  });
});

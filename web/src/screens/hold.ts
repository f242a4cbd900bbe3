import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isRetryable, newIdempotencyKey } from '../api';
import { cancelHold, chargeBalance, getBalance, getReservation, pay } from '../service';
import type { Identity } from '../store';
import type { Concert, Payment, Reservation } from '../types';
import { seatsOf } from '../types';
import { ErrorNotice, html, ScreenHeading, secondsUntil, useNow, useT } from '../ui';

/**
 * One money attempt: a fresh Idempotency-Key per attempt, kept while the outcome is unknown (network lost, 503)
 * so that "retry" sends the same key and the server applies the effect at most once.
 */
interface Attempt {
  readonly key: string;
  readonly amount?: number;
}

const outcomeUnknown = (error: unknown) => isRetryable(error) || (error instanceof ApiError && error.status >= 500);

export const HoldScreen = ({ concert, token, identity, reservation, onPaid, onBackToSeats, onTokenLost }: {
  concert: Concert;
  token: string;
  identity: Identity;
  reservation: Reservation;
  onPaid: (payment: Payment) => void;
  onBackToSeats: () => void;
  onTokenLost: (error: unknown) => void;
}) => {
  const t = useT();
  const now = useNow();
  // Balance and reservation reads are the user's: the user key (v2), or the queue token on a v1 server.
  const credential = identity.userKey ?? token;
  const [balance, setBalance] = useState<number | undefined>();
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | undefined>();
  const [expired, setExpired] = useState(false);
  const [busy, setBusy] = useState(false);
  const payAttempt = useRef<Attempt | undefined>(undefined);
  const chargeAttempt = useRef<Attempt | undefined>(undefined);
  const [, rerender] = useState(0);

  useEffect(() => {
    getBalance(credential).then(({ balance: current }) => {
      setBalance(current);
      if (current < reservation.price) setAmount(String(reservation.price - current));
    }, setError);
  }, []);

  const left = secondsUntil(reservation.expiresAt, now);
  useEffect(() => {
    if (left > 0 || expired) return;
    // The clock says the hold is over; the server has the last word (a hold past its expiry reads EXPIRED).
    getReservation(reservation.reservationId, credential).then(
      (current) => current.status !== 'HELD' && current.status !== 'CONFIRMED' && setExpired(true),
      () => setExpired(true),
    );
  }, [left <= 0]);

  const run = async <T>(attemptRef: { current: Attempt | undefined }, amountOfAttempt: number | undefined, send: (key: string) => Promise<T>): Promise<T | undefined> => {
    if (!attemptRef.current || attemptRef.current.amount !== amountOfAttempt) attemptRef.current = { key: newIdempotencyKey(), ...(amountOfAttempt === undefined ? {} : { amount: amountOfAttempt }) };
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const result = await send(attemptRef.current.key);
      attemptRef.current = undefined;
      return result;
    } catch (caught) {
      // A refused attempt (4xx) had no effect: the next click is a new attempt with a new key.
      if (!outcomeUnknown(caught)) attemptRef.current = undefined;
      setError(caught);
      if (caught instanceof ApiError && caught.code === 'RESERVATION_EXPIRED') setExpired(true);
      if (caught instanceof ApiError && caught.code === 'INVALID_TOKEN') onTokenLost(caught);
      return undefined;
    } finally {
      setBusy(false);
      rerender((count) => count + 1);
    }
  };

  const charge = async (event: Event) => {
    event.preventDefault();
    const value = Number(amount);
    const result = await run(chargeAttempt, value, (key) => chargeBalance(value, credential, key));
    if (result) {
      setBalance(result.balance);
      setMessage(t.text('charged', { amount: t.won(result.charged) }));
      setAmount('');
    }
  };

  const payNow = async () => {
    const payment = await run(payAttempt, undefined, (key) => pay(reservation.reservationId, token, key));
    if (payment) onPaid(payment);
    else if (balance !== undefined) getBalance(credential).then(({ balance: current }) => setBalance(current), () => undefined);
  };

  const release = async () => {
    setBusy(true);
    try {
      await cancelHold(reservation.reservationId, credential);
      onBackToSeats();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const seats = seatsOf(reservation).join(', ');
  const shortBy = balance === undefined ? 0 : Math.max(0, reservation.price - balance);
  return html`<section class="hold">
    <${ScreenHeading}>${t.text('holdTitle')} · ${concert.title}<//>
    <div class="card">
      <p>${t.text('holdSummary', { date: reservation.date, seats, total: t.won(reservation.price) })}</p>
      ${expired
        ? html`<p class="notice error" role="alert" data-testid="hold-expired">${t.text('holdExpired')}</p>
            <button type="button" class="primary" onClick=${onBackToSeats}>${t.text('chooseAgain')}</button>`
        : html`<p class="big" role="timer" data-testid="hold-left">${t.text('holdLeft', { left: t.duration(left) })}</p>`}
    </div>
    ${expired
      ? null
      : html`<div class="card">
          <p data-testid="balance">${balance === undefined ? '…' : t.text('balance', { amount: t.won(balance) })}</p>
          ${shortBy > 0 ? html`<p class="hint">${t.text('shortBy', { amount: t.won(shortBy) })}</p>` : null}
          <form class="row" onSubmit=${charge}>
            <label for="charge-amount">${t.text('chargeLabel')}</label>
            <input id="charge-amount" type="number" inputmode="numeric" min="1" max="1000000" step="1" value=${amount} onInput=${(event: Event) => setAmount((event.target as HTMLInputElement).value)} />
            <button type="submit" disabled=${busy || amount === ''}>${chargeAttempt.current ? t.text('retryCharge') : t.text('charge')}</button>
          </form>
          <div class="row">
            <button type="button" class="primary" disabled=${busy} onClick=${payNow}>${payAttempt.current ? t.text('retryPay') : t.text('pay', { amount: t.won(reservation.price) })}</button>
            <button type="button" disabled=${busy} onClick=${release}>${t.text('cancelHold')}</button>
          </div>
        </div>`}
    ${message ? html`<p class="notice" role="status">${message}</p>` : null}
    <${ErrorNotice} error=${error} />
  </section>`;
};

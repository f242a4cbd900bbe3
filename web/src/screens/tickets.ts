import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isRetryable, newIdempotencyKey } from '../api';
import { ledger, myReservations, refund } from '../service';
import type { Identity } from '../store';
import type { LedgerEntry, Reservation } from '../types';
import { seatsOf } from '../types';
import { Busy, ErrorNotice, html, ScreenHeading, useT } from '../ui';

const Ledger = ({ userKey, version }: { userKey: string; version: number }) => {
  const t = useT();
  const [entries, setEntries] = useState<readonly LedgerEntry[] | undefined>();
  useEffect(() => {
    // The ledger is v2; on a server without it the section is simply left out.
    ledger(userKey).then(({ entries: listed }) => setEntries(listed), () => setEntries(undefined));
  }, [version]);
  if (!entries || entries.length === 0) return null;
  return html`<h3>${t.text('ledgerTitle')}</h3>
    <ul class="ledger">
      ${entries.map(
        (entry) => html`<li key=${entry.entryId}>
          <span>${t.dateTime(entry.at)}</span> <span>${t.text(`ledger_${entry.kind}`)}</span>
          <strong>${entry.kind === 'PAYMENT' ? '−' : '+'}${t.won(Math.abs(entry.amount))}</strong>
          <span class="hint">→ ${t.won(entry.balanceAfter)}</span>
        </li>`,
      )}
    </ul>`;
};

export const TicketsScreen = ({ identity }: { identity: Identity | undefined }) => {
  const t = useT();
  const [reservations, setReservations] = useState<readonly Reservation[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  // A server before API.md v2 has no GET /reservations (404 NOT_FOUND): say so instead of showing an error.
  const [unavailable, setUnavailable] = useState(false);
  // Per reservation, the key of a refund whose outcome is unknown, reused by "retry".
  const refundKeys = useRef(new Map<string, string>());
  const userKey = identity?.userKey;

  const load = (after?: string) => {
    if (!userKey) return;
    setError(undefined);
    myReservations(userKey, after).then(({ reservations: page, nextCursor }) => {
      setReservations((current) => (after ? [...(current ?? []), ...page] : page));
      setCursor(nextCursor);
    }, (caught: unknown) => (caught instanceof ApiError && caught.code === 'NOT_FOUND' ? setUnavailable(true) : setError(caught)));
  };
  useEffect(() => load(), [userKey, version]);

  const refundOne = async (reservation: Reservation) => {
    if (!userKey) return;
    const key = refundKeys.current.get(reservation.reservationId) ?? newIdempotencyKey();
    refundKeys.current.set(reservation.reservationId, key);
    setBusy(reservation.reservationId);
    setError(undefined);
    setMessage(undefined);
    try {
      const result = await refund(reservation.reservationId, userKey, key);
      refundKeys.current.delete(reservation.reservationId);
      setMessage(t.text('refunded', { amount: t.won(result.refunded), balance: t.won(result.balance) }));
      setVersion((current) => current + 1);
    } catch (caught) {
      if (!isRetryable(caught) && !(caught instanceof ApiError && caught.status >= 500)) refundKeys.current.delete(reservation.reservationId);
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  return html`<section class="tickets">
    <${ScreenHeading}>${t.text('ticketsTitle')}<//>
    ${!userKey || unavailable ? html`<p class="notice" data-testid="tickets-unavailable">${t.text('ticketsUnavailable')}</p>` : null}
    ${message ? html`<p class="notice" role="status">${message}</p>` : null}
    <${ErrorNotice} error=${error} />
    ${userKey && reservations === undefined && !error && !unavailable ? html`<${Busy} />` : null}
    ${reservations?.length === 0 ? html`<p>${t.text('noTickets')}</p>` : null}
    <ul class="ticket-list">
      ${reservations?.map(
        (reservation) => html`<li class="card ticket" key=${reservation.reservationId} data-reservation-id=${reservation.reservationId} data-status=${reservation.status}>
          <p><strong>${reservation.date}</strong> · ${seatsOf(reservation).join(', ')} · ${t.won(reservation.price)}</p>
          <p><span class=${`badge res-${reservation.status.toLowerCase()}`}>${t.text(`resStatus_${reservation.status}`)}</span></p>
          ${reservation.status === 'CONFIRMED'
            ? html`<button type="button" disabled=${busy !== undefined} onClick=${() => refundOne(reservation)}>
                ${refundKeys.current.has(reservation.reservationId) ? t.text('retryRefund') : t.text('refund')}
              </button>`
            : null}
        </li>`,
      )}
    </ul>
    ${cursor ? html`<button type="button" onClick=${() => load(cursor)}>${t.text('more')}</button>` : null}
    ${userKey ? html`<${Ledger} userKey=${userKey} version=${version} />` : null}
  </section>`;
};

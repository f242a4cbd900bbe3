import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { holdSeats, listDates, seatMap } from '../service';
import type { Concert, ConcertDate, Reservation, Seat, SeatMap } from '../types';
import { Busy, ErrorNotice, html, ScreenHeading, secondsUntil, useNow, useT } from '../ui';

/** The contract's default MAX_SEATS_PER_USER; the server's SEAT_LIMIT_EXCEEDED is the real rule. */
export const seatLimit = 4;

/** Grades in price order, so the same grade keeps its colour on every date. */
const gradeOrder = (seats: readonly Seat[]): string[] =>
  [...new Map(seats.map((seat) => [seat.grade ?? 'STANDARD', seat.price])).entries()].sort((a, b) => a[1] - b[1]).map(([grade]) => grade);

const DatePicker = ({ dates, chosen, onChoose }: { dates: readonly ConcertDate[]; chosen: string | undefined; onChoose: (date: string) => void }) => {
  const t = useT();
  return html`<fieldset class="dates">
    <legend>${t.text('chooseDate')}</legend>
    ${dates.map(
      (date) => html`<label class=${`date-option${chosen === date.date ? ' chosen' : ''}`} key=${date.date}>
        <input type="radio" name="date" value=${date.date} checked=${chosen === date.date} onChange=${() => onChoose(date.date)} />
        <span class="date">${date.date}</span>
        <span class="hint">${t.text('seatsLeft', { count: date.availableSeats })} · ${
          (date.grades?.length ?? 0) > 1 ? t.text('from', { price: t.won(date.price) }) : t.won(date.price)
        }</span>
        ${(date.grades?.length ?? 0) > 1 ? html`<span class="grades">${date.grades?.map((grade) => html`<span key=${grade.grade}>${grade.grade} ${t.won(grade.price)} (${grade.availableSeats})</span>`)}</span>` : null}
      </label>`,
    )}
  </fieldset>`;
};

export const SeatsScreen = ({ concert, token, activeUntil, onHeld, onTokenLost }: { concert: Concert; token: string; activeUntil: string; onHeld: (reservation: Reservation) => void; onTokenLost: (error: unknown) => void }) => {
  const t = useT();
  const now = useNow();
  const [dates, setDates] = useState<readonly ConcertDate[] | undefined>();
  const [date, setDate] = useState<string | undefined>();
  const [map, setMap] = useState<SeatMap | undefined>();
  const [chosen, setChosen] = useState<readonly number[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string | undefined>();
  const [holding, setHolding] = useState(false);

  const fail = (caught: unknown) => {
    setError(caught);
    if (caught instanceof ApiError && (caught.code === 'INVALID_TOKEN' || caught.code === 'TOKEN_NOT_ACTIVE')) onTokenLost(caught);
  };

  const loadDates = () => {
    setError(undefined);
    listDates(concert.concertId).then(({ dates: listed }) => {
      setDates(listed);
      setDate((current) => current ?? listed[0]?.date);
    }, fail);
  };
  useEffect(loadDates, [concert.concertId]);

  const loadMap = (keepError = false) => {
    if (!date) return;
    if (!keepError) setError(undefined);
    seatMap(concert.concertId, date, token).then((loaded) => {
      setMap(loaded);
      // A seat someone else took meanwhile cannot stay chosen.
      setChosen((current) => current.filter((seatNo) => loaded.seats.find((seat) => seat.seatNo === seatNo)?.status === 'AVAILABLE'));
    }, fail);
  };
  useEffect(() => {
    setMap(undefined);
    setChosen([]);
    loadMap();
  }, [date]);

  const toggle = (seatNo: number) => {
    setNotice(undefined);
    if (chosen.includes(seatNo)) return setChosen(chosen.filter((chosenSeat) => chosenSeat !== seatNo));
    if (chosen.length >= seatLimit) return setNotice(t.text('limitReached', { limit: seatLimit }));
    setChosen([...chosen, seatNo].sort((a, b) => a - b));
  };

  const hold = async () => {
    if (!date || chosen.length === 0) return;
    setHolding(true);
    setError(undefined);
    try {
      onHeld(await holdSeats(concert.concertId, date, chosen, token));
    } catch (caught) {
      fail(caught);
      if (caught instanceof ApiError && caught.code === 'SEAT_ALREADY_RESERVED') loadMap(true);
    } finally {
      setHolding(false);
    }
  };

  const grades = map ? gradeOrder(map.seats) : [];
  const total = map ? chosen.reduce((sum, seatNo) => sum + (map.seats.find((seat) => seat.seatNo === seatNo)?.price ?? 0), 0) : 0;
  const left = secondsUntil(activeUntil, now);
  return html`<section class="seats">
    <${ScreenHeading}>${t.text('yourTurn')} · ${concert.title}<//>
    <p class="notice" role="timer">${t.text('activeUntil', { time: new Date(activeUntil).toLocaleTimeString(t.language), left: t.duration(left) })}</p>
    ${dates === undefined && !error ? html`<${Busy} />` : null}
    ${dates?.length === 0 ? html`<p>${t.text('noDates')}</p>` : null}
    ${dates && dates.length > 0 ? html`<${DatePicker} dates=${dates} chosen=${date} onChoose=${setDate} />` : null}
    <${ErrorNotice} error=${error} />
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${map
      ? html`<h3>${t.text('seatMapTitle', { date: map.date })}</h3>
        <ul class="legend">
          ${grades.map((grade, index) => {
            const price = map.seats.find((seat) => (seat.grade ?? 'STANDARD') === grade)?.price ?? 0;
            return html`<li key=${grade}><span class=${`swatch grade-${index % 5}`}></span>${grade} ${t.won(price)}</li>`;
          })}
          <li><span class="swatch taken"></span>${t.text('legendTaken')}</li>
          <li><span class="swatch selected"></span>${t.text('legendSelected')}</li>
        </ul>
        <div class="seat-grid" role="group" aria-label=${t.text('seatMapTitle', { date: map.date })}>
          ${map.seats.map((seat) => {
            const grade = seat.grade ?? 'STANDARD';
            const isChosen = chosen.includes(seat.seatNo);
            const available = seat.status === 'AVAILABLE';
            const status = isChosen ? t.text('legendSelected') : available ? t.text('legendAvailable') : t.text('legendTaken');
            return html`<button
              type="button"
              key=${seat.seatNo}
              class=${`seat grade-${grades.indexOf(grade) % 5}${available ? '' : ' taken'}${isChosen ? ' selected' : ''}`}
              data-seat=${seat.seatNo}
              data-status=${seat.status}
              aria-pressed=${isChosen}
              aria-label=${t.text('seatLabel', { seatNo: seat.seatNo, grade, price: t.won(seat.price), status })}
              disabled=${!available}
              onClick=${() => toggle(seat.seatNo)}
            >${seat.seatNo}</button>`;
          })}
        </div>
        <p class="summary" aria-live="polite">${t.text('selected', { count: chosen.length, limit: seatLimit, total: t.won(total) })}</p>
        <div class="row">
          <button type="button" class="primary" disabled=${chosen.length === 0 || holding} onClick=${hold}>${t.text('hold')}</button>
          <button type="button" onClick=${() => loadMap()}>${t.text('refreshSeats')}</button>
        </div>`
      : date && !error
        ? html`<${Busy} />`
        : null}
  </section>`;
};

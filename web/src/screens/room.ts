import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, isRetryable } from '../api';
import { findMyQueueToken, leaveQueue, pollQueue, roomView } from '../service';
import { saveQueueToken } from '../store';
import type { Concert, IssuedToken, QueueState, RoomView } from '../types';
import { ErrorNotice, html, ScreenHeading, secondsUntil, useNow, useT } from '../ui';

/** Without the server's pollAfterSeconds (v1), poll every 2 s; never faster than 1 s nor slower than 30 s. */
const defaultPollSeconds = 2;
const pollSeconds = (state: QueueState): number => Math.min(30, Math.max(1, state.pollAfterSeconds ?? defaultPollSeconds));

export const RoomScreen = ({
  concert,
  token,
  userKey,
  initial,
  onActive,
  onRenewed,
  onGone,
}: {
  concert: Concert;
  token: string;
  userKey: string | undefined;
  initial: QueueState;
  onActive: (state: QueueState) => void;
  /** The same place under a fresh signature (the old one expired during a long wait). */
  onRenewed: (renewed: IssuedToken) => void;
  onGone: () => void;
}) => {
  const t = useT();
  const now = useNow();
  const [state, setState] = useState(initial);
  const [room, setRoom] = useState<RoomView | undefined>();
  const [nextPollAt, setNextPollAt] = useState(Date.now() + pollSeconds(initial) * 1000);
  const [error, setError] = useState<unknown>();
  const [lost, setLost] = useState(false);
  // The first known place is the full length of the progress bar.
  const firstPosition = useRef<number | null>(initial.position);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const schedule = (seconds: number) => {
      setNextPollAt(Date.now() + seconds * 1000);
      timer = setTimeout(poll, seconds * 1000);
    };
    const poll = async () => {
      roomView(concert.concertId).then((view) => !stopped && setRoom(view), () => undefined);
      try {
        const next = await pollQueue(token);
        if (stopped) return;
        failures = 0;
        setError(undefined);
        setState(next);
        if (next.position !== null && (firstPosition.current === null || firstPosition.current < next.position)) firstPosition.current = next.position;
        if (next.status === 'ACTIVE') return onActive(next);
        schedule(pollSeconds(next));
      } catch (caught) {
        if (stopped) return;
        setError(caught);
        if (caught instanceof ApiError && caught.code === 'INVALID_TOKEN') {
          // A token's signature ends an ACTIVE lifetime after its idle deadline; a longer wait keeps the place, and
          // the user key fetches a fresh signature of it. Only when there is none is the place gone.
          const renewed = userKey ? await findMyQueueToken(concert.concertId, userKey).catch(() => undefined) : undefined;
          if (stopped) return;
          if (renewed) {
            saveQueueToken(concert.concertId, renewed.token);
            return onRenewed(renewed);
          }
          saveQueueToken(concert.concertId, undefined);
          setLost(true);
          return;
        }
        // Keep the place alive through a hiccup: polling is what keeps a WAITING token from being dropped.
        failures += 1;
        schedule(isRetryable(caught) ? Math.min(10, (caught as ApiError).retryAfterSeconds ?? failures * 2) : 5);
      }
    };
    roomView(concert.concertId).then((view) => !stopped && setRoom(view), () => undefined);
    schedule(pollSeconds(initial));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token]);

  const leave = async () => {
    try {
      await leaveQueue(token);
    } catch {
      // Leaving is best effort: an unpolled place is dropped anyway.
    }
    saveQueueToken(concert.concertId, undefined);
    onGone();
  };

  const position = state.position;
  const first = firstPosition.current ?? position ?? 1;
  const paused = (room?.status ?? concert.status) === 'PAUSED';
  const opensIn = concert.saleOpensAt ? secondsUntil(concert.saleOpensAt, now) : 0;
  return html`<section class="room">
    <${ScreenHeading}>${t.text('roomTitle')} · ${concert.title}<//>
    ${
      lost
        ? html`<${ErrorNotice} error=${error} onRetry=${onGone} retryLabel=${t.text('backToConcerts')} />`
        : html`
      ${position === null
        ? html`<div class="card"><p>${t.text('preQueue')}</p>${opensIn > 0 ? html`<p class="big" role="timer">${t.text('opensIn', { time: t.duration(opensIn) })}</p>` : null}</div>`
        : html`<div class="card place">
            <p class="label" id="place-label">${t.text('yourPlace')}</p>
            <p class="big" aria-labelledby="place-label" aria-live="polite" data-testid="position">${position}</p>
            <p>${t.text('estimatedWait')}: <strong data-testid="wait">${state.estimatedWaitSeconds == null ? t.text('waitUnknown') : t.duration(state.estimatedWaitSeconds)}</strong></p>
            <progress max=${Math.max(1, first)} value=${Math.max(0, first - position)} aria-label=${t.text('progressLabel')}></progress>
          </div>`}
      ${paused ? html`<p class="notice" role="status">${t.text('paused')}</p>` : null}
      ${room && position !== null
        ? html`<p class="hint">${t.text('roomCounters', { waiting: room.waiting, active: room.active, maxActive: room.maxActive })}${room.admittedLastMinute === undefined ? '' : ` · ${t.text('admittedLastMinute', { count: room.admittedLastMinute })}`}</p>`
        : null}
      <p class="hint">${t.text('nextCheck', { seconds: secondsUntil(new Date(nextPollAt).toISOString(), now) })}</p>
      <${ErrorNotice} error=${error} />
      <button type="button" onClick=${leave}>${t.text('leave')}</button>`
    }
  </section>`;
};

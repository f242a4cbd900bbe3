import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { createUser, findMyQueueToken, joinQueue, listConcerts, pollQueue } from '../service';
import type { Identity } from '../store';
import { loadQueueToken, saveIdentity, saveQueueToken } from '../store';
import type { Concert, QueueState } from '../types';
import { Busy, ErrorNotice, html, ScreenHeading, secondsUntil, useNow, useT } from '../ui';

export interface EnteredRoom {
  readonly concert: Concert;
  readonly token: string;
  readonly state: QueueState;
}

const SignUp = ({ onSignedUp }: { onSignedUp: (identity: Identity) => void }) => {
  const t = useT();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setBusy(t.text('loading'));
    try {
      const user = await createUser(name.trim(), () => setBusy(t.text('solving')));
      const identity: Identity = { name: user.name, userId: user.userId, ...(user.userKey ? { userKey: user.userKey } : {}) };
      saveIdentity(identity);
      onSignedUp(identity);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };
  return html`<form class="card signup" onSubmit=${submit}>
    <h3>${t.text('signUpTitle')}</h3>
    <p class="hint">${t.text('signUpHint')}</p>
    <label for="fan-name">${t.text('nameLabel')}</label>
    <div class="row">
      <input id="fan-name" name="name" required maxlength="50" autocomplete="nickname" value=${name} onInput=${(event: Event) => setName((event.target as HTMLInputElement).value)} />
      <button type="submit" disabled=${busy !== undefined || name.trim() === ''}>${t.text('signUp')}</button>
    </div>
    ${busy ? html`<${Busy} label=${busy} />` : null}
    <${ErrorNotice} error=${error} />
  </form>`;
};

const SaleBadge = ({ concert, now }: { concert: Concert; now: number }) => {
  const t = useT();
  const status = concert.status ?? 'ON_SALE';
  const opensIn = concert.saleOpensAt && status === 'UPCOMING' ? secondsUntil(concert.saleOpensAt, now) : 0;
  return html`<p class="sale">
    <span class=${`badge badge-${status.toLowerCase()}`}>${t.text(`status_${status}`)}</span>
    ${opensIn > 0 ? html` <span role="timer">${t.text('opensIn', { time: t.duration(opensIn) })}</span>` : null}
    ${concert.saleOpensAt && status === 'UPCOMING' ? html` <span class="hint">${t.text('opensAt', { when: t.dateTime(concert.saleOpensAt) })}</span>` : null}
  </p>`;
};

/** Resumes the stored place in line, or takes a new one; a place taken elsewhere is fetched back (v2). */
const enterRoom = async (concert: Concert, identity: Identity, onSolving: () => void): Promise<EnteredRoom> => {
  const stored = loadQueueToken(concert.concertId);
  if (stored) {
    try {
      return { concert, token: stored, state: await pollQueue(stored) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'INVALID_TOKEN') throw error;
      saveQueueToken(concert.concertId, undefined);
    }
  }
  try {
    const issued = await joinQueue(concert.concertId, identity, onSolving);
    saveQueueToken(concert.concertId, issued.token);
    return { concert, token: issued.token, state: issued };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'TOKEN_ALREADY_ISSUED' || !identity.userKey) throw error;
    const found = await findMyQueueToken(concert.concertId, identity.userKey);
    saveQueueToken(concert.concertId, found.token);
    return { concert, token: found.token, state: found };
  }
};

export const ConcertsScreen = ({ identity, onSignedUp, onEnter }: { identity: Identity | undefined; onSignedUp: (identity: Identity) => void; onEnter: (entered: EnteredRoom) => void }) => {
  const t = useT();
  const now = useNow();
  const [concerts, setConcerts] = useState<readonly Concert[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [joining, setJoining] = useState<{ concertId: string; label: string } | undefined>();
  const [joinError, setJoinError] = useState<unknown>();

  const load = () => {
    setError(undefined);
    listConcerts().then(({ concerts: listed }) => setConcerts(listed), setError);
  };
  useEffect(load, []);

  const join = async (concert: Concert) => {
    if (!identity) return;
    setJoinError(undefined);
    setJoining({ concertId: concert.concertId, label: t.text('loading') });
    try {
      onEnter(await enterRoom(concert, identity, () => setJoining({ concertId: concert.concertId, label: t.text('solving') })));
    } catch (caught) {
      setJoinError(caught);
      setJoining(undefined);
    }
  };

  return html`<section aria-labelledby="concerts-title">
    <${ScreenHeading}><span id="concerts-title">${t.text('concertsTitle')}</span><//>
    ${identity ? null : html`<${SignUp} onSignedUp=${onSignedUp} />`}
    <${ErrorNotice} error=${error} onRetry=${load} />
    <${ErrorNotice} error=${joinError} />
    ${concerts === undefined && !error ? html`<${Busy} />` : null}
    ${concerts?.length === 0 ? html`<p>${t.text('noConcerts')}</p>` : null}
    <ul class="concerts">
      ${concerts?.map((concert) => {
        const status = concert.status ?? 'ON_SALE';
        const resumable = loadQueueToken(concert.concertId) !== undefined;
        const label = resumable ? t.text('resume') : status === 'UPCOMING' ? t.text('joinEarly') : t.text('join');
        return html`<li class="card concert" key=${concert.concertId} data-concert-id=${concert.concertId}>
          <h3>${concert.title}</h3>
          <p class="venue">${concert.venue}</p>
          <${SaleBadge} concert=${concert} now=${now} />
          <button type="button" class="primary" disabled=${!identity || status === 'ENDED' || joining !== undefined} onClick=${() => join(concert)}>${label}</button>
          ${joining?.concertId === concert.concertId ? html`<${Busy} label=${joining.label} />` : null}
        </li>`;
      })}
    </ul>
  </section>`;
};

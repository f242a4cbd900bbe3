import { useState } from 'preact/hooks';
import type { Language } from './i18n';
import { initialLanguage, translator } from './i18n';
import { ConcertsScreen } from './screens/concerts';
import type { EnteredRoom } from './screens/concerts';
import { HoldScreen } from './screens/hold';
import { RoomScreen } from './screens/room';
import { SeatsScreen } from './screens/seats';
import { TicketsScreen } from './screens/tickets';
import type { Identity } from './store';
import { loadIdentity, loadLanguage, saveIdentity, saveLanguage, saveQueueToken } from './store';
import type { Concert, IssuedToken, Payment, QueueState, Reservation } from './types';
import { seatsOf } from './types';
import { ErrorNotice, html, ScreenHeading, TranslatorContext, useT } from './ui';

type View =
  | { readonly name: 'concerts'; readonly flash?: unknown }
  | { readonly name: 'room'; readonly concert: Concert; readonly token: string; readonly state: QueueState }
  | { readonly name: 'seats'; readonly concert: Concert; readonly token: string; readonly activeUntil: string }
  | { readonly name: 'hold'; readonly concert: Concert; readonly token: string; readonly activeUntil: string; readonly reservation: Reservation }
  | { readonly name: 'paid'; readonly reservation: Reservation; readonly payment: Payment }
  | { readonly name: 'tickets' };

const PaidScreen = ({ reservation, payment, onTickets, onConcerts }: { reservation: Reservation; payment: Payment; onTickets: () => void; onConcerts: () => void }) => {
  const t = useT();
  return html`<section class="paid">
    <${ScreenHeading}>${t.text('paidTitle')}<//>
    <div class="card">
      <p>${t.text('paidSummary', { seats: seatsOf(reservation).join(', '), date: reservation.date, amount: t.won(payment.amount), balance: t.won(payment.balance) })}</p>
      <div class="row">
        <button type="button" class="primary" onClick=${onTickets}>${t.text('seeTickets')}</button>
        <button type="button" onClick=${onConcerts}>${t.text('backToConcerts')}</button>
      </div>
    </div>
  </section>`;
};

export const App = () => {
  const [language, setLanguage] = useState<Language>(initialLanguage(loadLanguage(), navigator.language));
  const [identity, setIdentity] = useState<Identity | undefined>(loadIdentity());
  const [view, setView] = useState<View>({ name: 'concerts' });
  const t = translator(language);
  document.documentElement.lang = language;

  const switchLanguage = () => {
    const next = language === 'en' ? 'ko' : 'en';
    saveLanguage(next);
    setLanguage(next);
  };
  const forget = () => {
    saveIdentity(undefined);
    setIdentity(undefined);
    setView({ name: 'concerts' });
  };
  const toConcerts = (flash?: unknown) => setView({ name: 'concerts', flash });
  const entered = ({ concert, token, state }: EnteredRoom) =>
    setView(state.status === 'ACTIVE' ? { name: 'seats', concert, token, activeUntil: state.expiresAt } : { name: 'room', concert, token, state });

  const screen = (): unknown => {
    switch (view.name) {
      case 'concerts':
        return html`<${ErrorNotice} error=${view.flash} /><${ConcertsScreen} identity=${identity} onSignedUp=${setIdentity} onEnter=${entered} />`;
      case 'room':
        return html`<${RoomScreen}
          concert=${view.concert}
          token=${view.token}
          userKey=${identity?.userKey}
          initial=${view.state}
          onActive=${(state: QueueState) => setView({ name: 'seats', concert: view.concert, token: view.token, activeUntil: state.expiresAt })}
          onRenewed=${(renewed: IssuedToken) => entered({ concert: view.concert, token: renewed.token, state: renewed })}
          onGone=${() => toConcerts()}
        />`;
      case 'seats':
        return html`<${SeatsScreen}
          concert=${view.concert}
          token=${view.token}
          activeUntil=${view.activeUntil}
          onHeld=${(reservation: Reservation) => setView({ ...view, name: 'hold', reservation })}
          onTokenLost=${(error: unknown) => {
            saveQueueToken(view.concert.concertId, undefined);
            toConcerts(error);
          }}
        />`;
      case 'hold':
        return identity
          ? html`<${HoldScreen}
              concert=${view.concert}
              token=${view.token}
              identity=${identity}
              reservation=${view.reservation}
              onPaid=${(payment: Payment) => {
                // A payment ends the queue token (API.md): the next purchase starts with a new place in line.
                saveQueueToken(view.concert.concertId, undefined);
                setView({ name: 'paid', reservation: view.reservation, payment });
              }}
              onBackToSeats=${() => setView({ name: 'seats', concert: view.concert, token: view.token, activeUntil: view.activeUntil })}
              onTokenLost=${(error: unknown) => {
                saveQueueToken(view.concert.concertId, undefined);
                toConcerts(error);
              }}
            />`
          : null;
      case 'paid':
        return html`<${PaidScreen} reservation=${view.reservation} payment=${view.payment} onTickets=${() => setView({ name: 'tickets' })} onConcerts=${() => toConcerts()} />`;
      case 'tickets':
        return html`<${TicketsScreen} identity=${identity} />`;
    }
  };

  return html`<${TranslatorContext.Provider} value=${t}>
    <header>
      <h1>${t.text('appTitle')}</h1>
      <nav aria-label="main">
        <button type="button" class="link" aria-current=${view.name === 'concerts' ? 'page' : undefined} onClick=${() => toConcerts()}>${t.text('navConcerts')}</button>
        <button type="button" class="link" aria-current=${view.name === 'tickets' ? 'page' : undefined} onClick=${() => setView({ name: 'tickets' })}>${t.text('navTickets')}</button>
        <button type="button" class="link" lang=${language === 'en' ? 'ko' : 'en'} aria-label=${t.text('languageLabel')} onClick=${switchLanguage}>${t.text('language')}</button>
      </nav>
      ${identity
        ? html`<p class="who">${t.text('hello', { name: identity.name })} <button type="button" class="link small" onClick=${forget}>${t.text('signOut')}</button></p>`
        : null}
    </header>
    <main>${screen()}</main>
  <//>`;
};

import { createContext, h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';
import { ApiError } from './api';
import type { Translator } from './i18n';

/** Shared pieces of the screens: templates, the translator, a ticking clock, error notices. */

export const html = htm.bind(h);

export const TranslatorContext = createContext<Translator | undefined>(undefined);

export const useT = (): Translator => {
  const translator = useContext(TranslatorContext);
  if (!translator) throw new Error('useT outside the app');
  return translator;
};

/** The current time, refreshed every second while the component is shown (countdowns). */
export const useNow = (): number => {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
};

export const secondsUntil = (iso: string, now: number): number => Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));

/** A screen's heading takes focus when the screen appears, so keyboard and screen-reader users land on it. */
export const ScreenHeading = ({ children }: { children: ComponentChildren }) => {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return html`<h2 tabindex="-1" ref=${heading}>${children}</h2>`;
};

export const errorCode = (error: unknown): string => (error instanceof ApiError ? error.code : 'INTERNAL_ERROR');

export const ErrorNotice = ({ error, onRetry, retryLabel }: { error: unknown; onRetry?: () => void; retryLabel?: string }) => {
  const t = useT();
  if (!error) return null;
  const code = errorCode(error);
  const detail = error instanceof ApiError && code === 'VALIDATION_ERROR' ? error.message : undefined;
  const plain = error instanceof Error && !(error instanceof ApiError) ? error.message : undefined;
  return html`<div class="notice error" role="alert" data-error-code=${code}>
    <p>${t.error(code)}${detail ? html` <span class="detail">(${detail})</span>` : null}${plain ? html` <span class="detail">(${plain})</span>` : null}</p>
    ${onRetry ? html`<button type="button" onClick=${onRetry}>${retryLabel ?? t.text('retry')}</button>` : null}
  </div>`;
};

export const Busy = ({ label }: { label?: string }) => {
  const t = useT();
  return html`<p class="busy" role="status">${label ?? t.text('loading')}</p>`;
};

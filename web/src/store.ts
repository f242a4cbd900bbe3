/** What the page keeps in the browser (localStorage): who the fan is and their place in each waiting room. */

export interface Identity {
  readonly name: string;
  readonly userId: string;
  /** The long-lived secret of API.md v2; absent when the server predates user keys. */
  readonly userKey?: string;
}

const identityKey = 'concert.identity';
const tokensKey = 'concert.queueTokens';
const languageKey = 'concert.language';

const read = <T>(key: string): T | undefined => {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
};

const write = (key: string, value: unknown): void => {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: the page still works, it only forgets on reload.
  }
};

export const loadIdentity = (): Identity | undefined => read<Identity>(identityKey);
export const saveIdentity = (identity: Identity | undefined): void => write(identityKey, identity);

export const loadQueueToken = (concertId: string): string | undefined => read<Record<string, string>>(tokensKey)?.[concertId];
export const saveQueueToken = (concertId: string, token: string | undefined): void => {
  const tokens = { ...read<Record<string, string>>(tokensKey) };
  if (token === undefined) delete tokens[concertId];
  else tokens[concertId] = token;
  write(tokensKey, tokens);
};

export const loadLanguage = (): string | undefined => read<string>(languageKey);
export const saveLanguage = (language: string): void => write(languageKey, language);

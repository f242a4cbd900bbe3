import type { Settings } from '../lambdas/config';
import type { ConcertOverview } from '../lambdas/use-cases/concerts/concert-overview';

/** tableName → TABLE_NAME: the settings' environment names (lambdas/config.ts reads them with these names). */
const environmentName = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

/** `HOLD_TTL_SECONDS=300 MAX_ACTIVE_TOKENS=100 …`: what the handlers run with, under the names that change it. */
export const describeSettings = (settings: Settings): string =>
  Object.entries(settings)
    .map(([key, value]) => `${environmentName(key)}=${String(value)}`)
    .join(' ');

/** One line per concert: id, sale status, title, venue and dates; the admin CLI's `concerts` prints the same. */
export const describeConcert = ({ concert, dates, status }: ConcertOverview): string =>
  `${concert.concertId}  ${status.padEnd(8)}  ${concert.title} @ ${concert.venue}  ${dates.join(', ') || '(no dates)'}`;

const listedAtStart = 10;

export const describeConcerts = (overviews: readonly ConcertOverview[]): string[] => {
  if (overviews.length === 0) return ['No concerts yet: npm run admin -- create-concert --help'];
  const lines = overviews.slice(0, listedAtStart).map((overview) => `  ${describeConcert(overview)}`);
  const more = overviews.length - listedAtStart;
  return [`Concerts (${overviews.length}):`, ...lines, ...(more > 0 ? [`  … and ${more} more: npm run admin -- concerts`] : [])];
};

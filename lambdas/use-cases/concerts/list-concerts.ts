import type { Concert } from '../../domain/concert';
import type { ConcertRepository } from './ports';

export const listConcerts = (deps: { concerts: ConcertRepository }) => async (): Promise<Concert[]> =>
  deps.concerts.listConcerts();

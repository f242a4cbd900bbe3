import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoConcertRepository } from '../adapters/dynamodb/concert-repository';
import { loadSettings } from '../config';
import { listConcerts } from '../use-cases/concerts/list-concerts';
import { httpRoute } from './http/http-route';

const settings = loadSettings();
const list = listConcerts({ concerts: new DynamoConcertRepository(createDocumentClient(), settings.tableName) });

export const handler = httpRoute({}, async () => {
  const concerts = await list();
  return {
    statusCode: 200,
    body: { concerts: concerts.map(({ concertId, title, venue }) => ({ concertId, title, venue })) },
  };
});

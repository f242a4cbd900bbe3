import { AltchaChallengeIssuer } from '../adapters/altcha-challenges';
import { signingKeysFromEnvironment } from '../adapters/jwt/signing-keys';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import { httpRouteWithoutInput } from './http/http-route';

// The one function that reads no table: it builds its signing keys itself, since importing the shared clients
// (./composition.ts) would bundle the DynamoDB client it never uses (42 KB).
const settings = loadSettings();
const challenges = new AltchaChallengeIssuer(signingKeysFromEnvironment());
// With the check off (CHALLENGE_MAX_NUMBER=0) the route still answers, with a challenge that costs nothing to solve.
const maxNumber = Math.max(1, settings.challengeMaxNumber);

// Self-verifying: handing a challenge out stores nothing, so this route never touches the table.
export const handler = httpRouteWithoutInput({}, async () => ({
  statusCode: 200,
  body: await challenges.create(maxNumber, systemClock.now()),
  headers: { 'cache-control': 'no-store' },
}));

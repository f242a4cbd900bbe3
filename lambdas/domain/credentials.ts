/**
 * The two kinds of bearer credential (API.md, "Authentication") and why one can be refused. Pure: no crypto, no
 * storage. The messages tell a client what went wrong and what to do next; nothing in them is secret.
 */

/** What a route accepts: a user key, a queue token, or either ("user" in the contract). */
export const CredentialKind = {
  userKey: 'userKey',
  queueToken: 'queueToken',
  user: 'user',
} as const;
export type CredentialKind = (typeof CredentialKind)[keyof typeof CredentialKind];

/** A user key: `uk_` then at least 40 URL-safe characters (we issue 43: 256 random bits, base64url). */
export const userKeyPrefix = 'uk_';
export const userKeyPattern = /^uk_[A-Za-z0-9_-]{40,128}$/;

const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Tells the two kinds apart by shape alone, so a key is never handed to the JWT verifier nor the reverse;
 * undefined when the credential has the shape of neither.
 */
export const credentialKindOf = (credential: string): typeof CredentialKind.userKey | typeof CredentialKind.queueToken | undefined => {
  if (credential.startsWith(userKeyPrefix)) return CredentialKind.userKey;
  return jwtShape.test(credential) ? CredentialKind.queueToken : undefined;
};

/** Why a credential was refused (401 INVALID_TOKEN); the message names the reason. */
export const CredentialProblem = {
  missing: 'no credential was sent (Authorization: Bearer <credential>)',
  malformed: 'the Authorization header is not "Bearer <credential>"',
  unknownUserKey: 'this user key is not valid: unknown, or replaced by POST /users/me/key',
  invalidToken: 'the queue token is not valid (malformed, or not signed by this service)',
  signatureExpired: "the queue token's signature has expired",
  unknownToken: 'the queue token is unknown',
  tokenExpired: 'the queue token has expired (not polled in time, or its active time is over)',
  tokenLeft: 'the queue token was given up (DELETE /queue/tokens/me)',
  tokenPaid: 'the queue token ended with a payment',
  userKeyNotAccepted: 'a user key is not accepted here, this route needs a queue token',
  queueTokenNotAccepted: 'a queue token is not accepted here, this route needs your user key',
} as const;
export type CredentialProblem = keyof typeof CredentialProblem;

const nextStep: Record<CredentialKind, string> = {
  [CredentialKind.queueToken]:
    'send a live queue token: POST /queue/tokens with your user key gives one, GET /queue/tokens?concertId= gives your live one back',
  [CredentialKind.userKey]: 'send your user key (returned once by POST /users; POST /users/me/key replaces it)',
  [CredentialKind.user]: 'send your user key (returned once by POST /users) or a live queue token of yours',
};

/** The 401 message: what is wrong with the credential, then what the route wants instead. */
export const credentialMessage = (problem: CredentialProblem, expected: CredentialKind): string =>
  `${CredentialProblem[problem]}; ${nextStep[expected]}`;

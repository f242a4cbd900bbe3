import type { IndexName } from './adapters/dynamodb/table';

/**
 * The one route table. The local server serves it and the CDK stack deploys it: each entry becomes one
 * Lambda function (lambdas/handlers/<handler>.ts) with exactly the permissions listed in `grants`.
 */
type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

export interface Grants {
  readonly table: readonly TableAction[];
  /** Indexes the function queries; Query on the table itself is granted by listing 'dynamodb:Query'. */
  readonly indexes?: readonly IndexName[];
  /** Sends delayed hold-release messages. */
  readonly sendsHoldReleases?: boolean;
  /** Sends delayed ACTIVE-token expiry messages. */
  readonly sendsTokenExpiries?: boolean;
  /** Is invoked by an event source mapping on the table's stream, which reads the stream with the function's role. */
  readonly readsTableStream?: boolean;
  /** Reads the JWT signing secret. */
  readonly readsJwtSecret?: boolean;
}

/**
 * Every API function's timeout, on AWS and in the local server's Lambda context: below API Gateway's 30 s
 * integration limit, so a stuck call ends as the contract's 503 rather than as the gateway's own error.
 */
export const apiFunctionTimeoutSeconds = 10;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** One Lambda function: lambdas/handlers/<handler>.ts with exactly these permissions. */
export interface FunctionDefinition {
  readonly handler: string;
  readonly grants: Grants;
}

export interface HttpRouteDefinition extends FunctionDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  readonly path: string;
}

const read = ['dynamodb:GetItem'] as const;
/** Releasing or cancelling a hold: reads, then one transaction of updates (reservation, seat, user date seats). */
const holdEndWrites = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;
/** Admitting into a room: read the room and the head of its line, admit (Updates), drop idle waiters (Update + Delete). */
const admissionActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;
/** Placing a hold reads the token, the seats and the user's date seats in one BatchGetItem, and also puts the reservation. */
const holdWrites = [...holdEndWrites, 'dynamodb:BatchGetItem', 'dynamodb:PutItem'] as const;

export const httpRoutes: readonly HttpRouteDefinition[] = [
  { method: 'GET', path: '/health', handler: 'health', grants: { table: read } },
  // Put the spent challenge (the challenge key derives from the signing key); one transaction: Put the profile and
  // the lookup item of the user key.
  { method: 'POST', path: '/users', handler: 'create-user', grants: { table: ['dynamodb:PutItem'], readsJwtSecret: true } },
  // Signs a challenge with a key derived from the signing key; stores nothing.
  { method: 'GET', path: '/challenge', handler: 'get-challenge', grants: { table: [], readsJwtSecret: true } },
  // Authenticate (key lookup, or token + JWT); Get the profile's key hash; one transaction: Update the profile, Put
  // the new key's lookup item, Delete the old one.
  {
    method: 'POST',
    path: '/users/me/key',
    handler: 'rotate-user-key',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], readsJwtSecret: true },
  },
  { method: 'GET', path: '/concerts', handler: 'list-concerts', grants: { table: ['dynamodb:Query'], indexes: ['concertCatalog'] } },
  { method: 'GET', path: '/concerts/{concertId}/dates', handler: 'list-concert-dates', grants: { table: ['dynamodb:Query'] } },
  {
    method: 'GET',
    path: '/concerts/{concertId}/dates/{date}/seats',
    handler: 'list-seats',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:Query'], readsJwtSecret: true },
  },
  // One BatchGetItem (the concert, the room and its shards) and one Query of the room's admission buckets.
  { method: 'GET', path: '/concerts/{concertId}/queue', handler: 'get-queue-status', grants: { table: ['dynamodb:BatchGetItem', 'dynamodb:Query'] } },
  {
    method: 'POST',
    path: '/queue/tokens',
    handler: 'issue-queue-token',
    // Put the spent challenge; Get the user key's lookup item and the Idempotency-Key record; BatchGet of user, concert, room and shards; Put
    // token + lock, Update room or shard; a waiter's estimate Queries the room's admission buckets; Put the
    // Idempotency-Key record after the issue; a lock left by a token that is dead by the clock is cleared first (Get
    // the holder, Update/Delete in its death transaction).
    grants: {
      table: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      readsJwtSecret: true,
    },
  },
  // Get the user key's lookup item and the live-token lock, then as a poll (get-my-queue-token's reads and writes).
  {
    method: 'GET',
    path: '/queue/tokens',
    handler: 'recover-queue-token',
    grants: { table: admissionActions, indexes: ['waitingLine'], readsJwtSecret: true },
  },
  // Get token, BatchGet room and concert, Update lastPolledAt; a pre-queue token that arrived during the draw takes
  // the next place (BatchGet of the shards and place rows, Update of a row, then a transaction of Updates on the
  // token and its shard); a waiter within reach of a free slot admits (admissionActions, the waitingLine index).
  {
    method: 'GET',
    path: '/queue/tokens/me',
    handler: 'get-my-queue-token',
    grants: { table: admissionActions, indexes: ['waitingLine'], readsJwtSecret: true },
  },
  // Get token; death transaction: Update token and room or shard, Delete lock.
  { method: 'DELETE', path: '/queue/tokens/me', handler: 'leave-queue', grants: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], readsJwtSecret: true } },
  // Hold: seat/counter reads and the token check, then one transaction of seat + counter updates and the reservation put.
  // Its release is scheduled from the table stream (holdReleaseScheduler), so it does not send to SQS.
  { method: 'POST', path: '/reservations', handler: 'hold-seat', grants: { table: holdWrites, readsJwtSecret: true } },
  // Get token; one Query of the caller's partition of the userReservations index per page.
  {
    method: 'GET',
    path: '/reservations',
    handler: 'list-reservations',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['userReservations'], readsJwtSecret: true },
  },
  { method: 'GET', path: '/reservations/{reservationId}', handler: 'get-reservation', grants: { table: read, readsJwtSecret: true } },
  { method: 'DELETE', path: '/reservations/{reservationId}', handler: 'cancel-reservation', grants: { table: holdEndWrites, readsJwtSecret: true } },
  // Get credential, reservation, balance and record; one transaction: Update reservation, seats, user date seats and
  // balance, Put the ledger entry and the record.
  {
    method: 'POST',
    path: '/reservations/{reservationId}/refund',
    handler: 'refund-reservation',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], readsJwtSecret: true },
  },
  // Get key lookup item or token, then balance. A change whose writer died before completing it is completed by
  // the next reader (one transaction of two Updates: the ledger entry and the user item).
  { method: 'GET', path: '/balance', handler: 'get-balance', grants: { table: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], readsJwtSecret: true } },
  // Get token; one Query of the caller's ledger entries (their own partition) per page; completes a pending change
  // as GET /balance does.
  {
    method: 'GET',
    path: '/balance/ledger',
    handler: 'list-ledger',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], readsJwtSecret: true },
  },
  // Get token, balance and Idempotency-Key record; one transaction: Update balance, Put ledger entry and record.
  {
    method: 'POST',
    path: '/balance/charge',
    handler: 'charge-balance',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], readsJwtSecret: true },
  },
  // Get token, reservation, balance and record; one transaction: Update reservation, seat, user date seats, balance,
  // token and room, Put payment, ledger entry and record, Delete the live-token lock.
  {
    method: 'POST',
    path: '/payments',
    handler: 'pay-reservation',
    grants: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], readsJwtSecret: true },
  },
];


/** The API's `$default` route: whatever matches no route above gets the contract's 404 NOT_FOUND. */
export const unmatchedRoute = { handler: 'route-not-found', grants: { table: [] } } as const satisfies FunctionDefinition;

/**
 * Functions that are not behind the API: the scheduled sweeper, the table-stream consumers that schedule hold
 * releases and drive admission, and the SQS consumers that release holds and expire ACTIVE tokens.
 */
export const backgroundFunctions = {
  sweeper: {
    handler: 'sweeper',
    // Query the three indexes, BatchGet what they point at; admissions, deaths and hold releases are Updates (and the
    // lock Delete); releasing a hold first Gets the reservation and the seat.
    grants: {
      table: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      indexes: ['concertCatalog', 'waitingLine', 'expiry'],
    },
  },
  // Opens the sales due in the coming minute: catalog Query, concert Get, the draw (room claim, pre-queue Query of
  // the waiting-line index, Updates of tokens, room, shards and concert), then admission like the sweeper's.
  saleOpener: {
    handler: 'open-sales',
    grants: {
      table: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      indexes: ['concertCatalog', 'waitingLine'],
    },
  },
  // Gets placed holds from the table stream and sends one delayed message each; it never touches the table itself.
  holdReleaseScheduler: { handler: 'schedule-hold-release', grants: { table: [], readsTableStream: true, sendsHoldReleases: true } },
  // Sends too: a message that arrives before its hold's deadline is scheduled again for the rest of the wait.
  holdReleaseConsumer: { handler: 'release-expired-hold', grants: { table: holdEndWrites, sendsHoldReleases: true } },
  // Event-driven admission: gets queue-token and sale changes from the table stream, schedules each ACTIVE token's
  // expiry and admits into the rooms where a slot was freed, a waiter joined or the sale changed (room read, line
  // Query + BatchGet, admissions are Updates; an idle waiter met at the head of the line dies: Update + lock Delete);
  // an opening moved to now is drawn first (concert Get, Updates of room, tokens, shards and concert, the pre-queue's
  // Query of the waitingLine index).
  queueTokenEvents: {
    handler: 'queue-token-events',
    grants: { table: admissionActions, indexes: ['waitingLine'], readsTableStream: true, sendsTokenExpiries: true },
  },
  // Ends an ACTIVE token at its deadline (Get, then its death transaction) and admits the next in line; a message
  // that arrives early is scheduled again.
  tokenExpiryConsumer: { handler: 'expire-active-token', grants: { table: admissionActions, indexes: ['waitingLine'], sendsTokenExpiries: true } },
} as const satisfies Record<string, FunctionDefinition>;

/** Every function the stack deploys: the routes, the unmatched route and the background functions. */
export const allFunctions: readonly FunctionDefinition[] = [...httpRoutes, unmatchedRoute, ...Object.values(backgroundFunctions)];

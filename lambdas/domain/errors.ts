import type { CredentialProblem } from './credentials';
import { CredentialKind, credentialMessage } from './credentials';

/**
 * One error model for the whole service. Domain code throws these; only the HTTP layer
 * (handlers/http/error-response.ts) decides which status each code becomes.
 */
export const ErrorCode = {
  validation: 'VALIDATION_ERROR',
  invalidAmount: 'INVALID_AMOUNT',
  invalidToken: 'INVALID_TOKEN',
  insufficientBalance: 'INSUFFICIENT_BALANCE',
  tokenNotActive: 'TOKEN_NOT_ACTIVE',
  tokenConcertMismatch: 'TOKEN_CONCERT_MISMATCH',
  challengeRequired: 'CHALLENGE_REQUIRED',
  challengeFailed: 'CHALLENGE_FAILED',
  notFound: 'NOT_FOUND',
  concertNotFound: 'CONCERT_NOT_FOUND',
  dateNotFound: 'DATE_NOT_FOUND',
  seatNotFound: 'SEAT_NOT_FOUND',
  reservationNotFound: 'RESERVATION_NOT_FOUND',
  tokenAlreadyIssued: 'TOKEN_ALREADY_ISSUED',
  tokenNotFound: 'TOKEN_NOT_FOUND',
  seatAlreadyReserved: 'SEAT_ALREADY_RESERVED',
  seatLimitExceeded: 'SEAT_LIMIT_EXCEEDED',
  reservationNotCancellable: 'RESERVATION_NOT_CANCELLABLE',
  reservationExpired: 'RESERVATION_EXPIRED',
  reservationNotPayable: 'RESERVATION_NOT_PAYABLE',
  reservationNotRefundable: 'RESERVATION_NOT_REFUNDABLE',
  balanceLimitExceeded: 'BALANCE_LIMIT_EXCEEDED',
  idempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  serviceUnavailable: 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Root of every error the service raises on purpose. `context` is for logs, never for the response body. Every
 * subclass takes `options` last: an error that translates another (an SDK or library failure, or another domain
 * error) keeps it as `cause`, as Powertools' errors do.
 */
export class DomainError extends Error {
  public constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly context: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Builds an error without capturing a stack trace. For refusals a client causes by the thousand (every loser of a
 * hot seat gets a 409): their stack is never read, and capturing it was a measurable share of a refusal's CPU.
 */
export const withoutStackTrace = <T extends Error>(build: () => T): T => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
};

export class ValidationError extends DomainError {
  public constructor(message: string, context: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(ErrorCode.validation, message, context, options);
  }
}

export class InvalidAmountError extends DomainError {
  public constructor(amount: unknown, options?: ErrorOptions) {
    super(ErrorCode.invalidAmount, 'amount must be an integer number of won from 1 to 1000000', { amount }, options);
  }
}

/** 401: the credential is missing, malformed, dead or of the wrong kind; the message says which and what to send. */
export class InvalidTokenError extends DomainError {
  public constructor(
    public readonly problem: CredentialProblem,
    public readonly expected: CredentialKind = CredentialKind.queueToken,
    context: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(ErrorCode.invalidToken, credentialMessage(problem, expected), { problem, ...context }, options);
  }

  /** The same refusal, worded for a route that accepts `kind`. */
  public expecting(kind: CredentialKind): InvalidTokenError {
    return new InvalidTokenError(this.problem, kind, this.context, { cause: this.cause });
  }
}

export class TokenNotActiveError extends DomainError {
  public constructor(tokenId: string, options?: ErrorOptions) {
    super(ErrorCode.tokenNotActive, 'the queue token is still waiting to be admitted', { tokenId }, options);
  }
}

export class TokenConcertMismatchError extends DomainError {
  public constructor(tokenConcertId: string, requestedConcertId: string, options?: ErrorOptions) {
    super(ErrorCode.tokenConcertMismatch, "the queue token belongs to another concert's waiting room", { tokenConcertId, requestedConcertId }, options);
  }
}

const challengeHelp = 'get a challenge from GET /challenge, solve it and send the solution in the X-Challenge header';

export class ChallengeRequiredError extends DomainError {
  public constructor(options?: ErrorOptions) {
    super(ErrorCode.challengeRequired, `this request needs a proof of work: ${challengeHelp}`, {}, options);
  }
}

export class ChallengeFailedError extends DomainError {
  public constructor(reason: string, options?: ErrorOptions) {
    super(
      ErrorCode.challengeFailed,
      `the X-Challenge solution was refused (${reason}): ${challengeHelp}; each solution is accepted once`,
      { reason },
      options,
    );
  }
}

/** A valid solution whose challenge was spent already: by another request, or by the first attempt of a retry. */
export class ChallengeSpentError extends ChallengeFailedError {
  public constructor(options?: ErrorOptions) {
    super('this challenge was already used', options);
  }
}

/**
 * 401 INVALID_TOKEN (the contract has no code of its own for it): a credential that verified but names a user the
 * table does not hold acts for nobody. Users are never deleted, so only a damaged table gets here.
 */
export class UserNotFoundError extends DomainError {
  public constructor(userId: string, options?: ErrorOptions) {
    super(ErrorCode.invalidToken, 'the credential names no user; register with POST /users', { userId }, options);
  }
}

export class ConcertNotFoundError extends DomainError {
  public constructor(concertId: string, options?: ErrorOptions) {
    super(ErrorCode.concertNotFound, 'no concert with this id', { concertId }, options);
  }
}

export class DateNotFoundError extends DomainError {
  public constructor(concertId: string, date: string, options?: ErrorOptions) {
    super(ErrorCode.dateNotFound, 'no seat information for this date', { concertId, date }, options);
  }
}

export class SeatNotFoundError extends DomainError {
  public constructor(concertId: string, date: string, seatNo: number, options?: ErrorOptions) {
    super(ErrorCode.seatNotFound, 'no such seat on this date', { concertId, date, seatNo }, options);
  }
}

/** The date has passed: its seats exist, but none of them is on sale any more (the dates listing hides it too). */
export class DateClosedError extends DomainError {
  public constructor(concertId: string, date: string, options?: ErrorOptions) {
    super(ErrorCode.seatNotFound, 'this date is no longer open for booking', { concertId, date }, options);
  }
}

export class ReservationNotFoundError extends DomainError {
  public constructor(reservationId: string, options?: ErrorOptions) {
    super(ErrorCode.reservationNotFound, 'no such reservation', { reservationId }, options);
  }
}

export class TokenAlreadyIssuedError extends DomainError {
  public constructor(userId: string, concertId: string, options?: ErrorOptions) {
    // The way back for a client whose POST answer was lost, or a second device (contract v2).
    super(
      ErrorCode.tokenAlreadyIssued,
      `a live queue token already exists for this user and concert: get it back with GET /queue/tokens?concertId=${encodeURIComponent(concertId)}`,
      { userId, concertId },
      options,
    );
  }
}

export class TokenNotFoundError extends DomainError {
  public constructor(userId: string, concertId: string, options?: ErrorOptions) {
    super(ErrorCode.tokenNotFound, 'you have no live queue token for this concert: take one with POST /queue/tokens', { userId, concertId }, options);
  }
}

export class SeatAlreadyReservedError extends DomainError {
  public constructor(concertId: string, date: string, seatNo: number, options?: ErrorOptions) {
    super(ErrorCode.seatAlreadyReserved, `seat ${seatNo} is already held or sold; nothing was held`, { concertId, date, seatNo }, options);
  }
}

export class SeatLimitExceededError extends DomainError {
  public constructor(userId: string, limit: number, options?: ErrorOptions) {
    super(ErrorCode.seatLimitExceeded, `a user may hold or own at most ${limit} seats of one date`, { userId, limit }, options);
  }
}

export class ReservationNotCancellableError extends DomainError {
  public constructor(reservationId: string, status: string, options?: ErrorOptions) {
    super(ErrorCode.reservationNotCancellable, 'only a HELD reservation can be cancelled', { reservationId, status }, options);
  }
}

export class ReservationExpiredError extends DomainError {
  public constructor(reservationId: string, options?: ErrorOptions) {
    super(ErrorCode.reservationExpired, 'the hold has expired; hold the seats again', { reservationId }, options);
  }
}

export class ReservationNotPayableError extends DomainError {
  public constructor(reservationId: string, status: string, options?: ErrorOptions) {
    // CONFIRMED, CANCELLED or REFUNDED: the message names which.
    super(ErrorCode.reservationNotPayable, `the reservation is ${status}: only a HELD reservation can be paid`, { reservationId, status }, options);
  }
}

export class ReservationNotRefundableError extends DomainError {
  public constructor(reservationId: string, reason: string, options?: ErrorOptions) {
    super(ErrorCode.reservationNotRefundable, `the reservation cannot be refunded: ${reason}`, { reservationId }, options);
  }
}

export class InsufficientBalanceError extends DomainError {
  public constructor(userId: string, balance: number, price: number, options?: ErrorOptions) {
    super(ErrorCode.insufficientBalance, 'the balance is lower than the price', { userId, balance, price }, options);
  }
}

export class BalanceLimitExceededError extends DomainError {
  public constructor(userId: string, limit: number, options?: ErrorOptions) {
    super(ErrorCode.balanceLimitExceeded, `the balance may not pass ${limit} won`, { userId, limit }, options);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  public constructor(key: string, options?: ErrorOptions) {
    super(ErrorCode.idempotencyKeyReused, 'this Idempotency-Key was used with a different request', { key }, options);
  }
}

/** Storage unreachable or contention that outlived the retry budget; the client may retry later. */
export class ServiceUnavailableError extends DomainError {
  public constructor(reason: string, options?: ErrorOptions) {
    super(ErrorCode.serviceUnavailable, 'the service is busy, please retry shortly', { reason }, options);
  }
}

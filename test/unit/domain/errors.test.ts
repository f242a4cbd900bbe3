import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as errors from '../../../lambdas/domain/errors';
import { DomainError, ErrorCode, ServiceUnavailableError, TokenAlreadyIssuedError, ValidationError, withoutStackTrace } from '../../../lambdas/domain/errors';

describe('DomainError', () => {
  it('keeps the error it translates as its cause, as Powertools errors do', () => {
    const original = new Error('ThrottlingException');
    const error = new ServiceUnavailableError('throttled', { cause: original });
    expect(error.cause).toBe(original);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', code: ErrorCode.serviceUnavailable, context: { reason: 'throttled' } });
  });

  it('takes a cause as the last argument of every subclass', () => {
    const cause = new Error('what was translated');
    // One construction per subclass: a subclass added without an entry here fails the test.
    const withCause: Record<string, (options: ErrorOptions) => DomainError> = {
      ValidationError: (options) => new errors.ValidationError('name: required', {}, options),
      InvalidAmountError: (options) => new errors.InvalidAmountError(0, options),
      InvalidTokenError: (options) => new errors.InvalidTokenError('missing', undefined, {}, options),
      TokenNotActiveError: (options) => new errors.TokenNotActiveError('t', options),
      TokenConcertMismatchError: (options) => new errors.TokenConcertMismatchError('c1', 'c2', options),
      ChallengeRequiredError: (options) => new errors.ChallengeRequiredError(options),
      ChallengeFailedError: (options) => new errors.ChallengeFailedError('spent', options),
      ChallengeSpentError: (options) => new errors.ChallengeSpentError(options),
      UserNotFoundError: (options) => new errors.UserNotFoundError('u', options),
      ConcertNotFoundError: (options) => new errors.ConcertNotFoundError('c', options),
      DateNotFoundError: (options) => new errors.DateNotFoundError('c', '2030-01-01', options),
      SeatNotFoundError: (options) => new errors.SeatNotFoundError('c', '2030-01-01', 1, options),
      DateClosedError: (options) => new errors.DateClosedError('c', '2030-01-01', options),
      ReservationNotFoundError: (options) => new errors.ReservationNotFoundError('r', options),
      TokenAlreadyIssuedError: (options) => new errors.TokenAlreadyIssuedError('u', 'c', options),
      TokenNotFoundError: (options) => new errors.TokenNotFoundError('u', 'c', options),
      SeatAlreadyReservedError: (options) => new errors.SeatAlreadyReservedError('c', '2030-01-01', 1, options),
      SeatLimitExceededError: (options) => new errors.SeatLimitExceededError('u', 4, options),
      ReservationNotCancellableError: (options) => new errors.ReservationNotCancellableError('r', 'CONFIRMED', options),
      ReservationExpiredError: (options) => new errors.ReservationExpiredError('r', options),
      ReservationNotPayableError: (options) => new errors.ReservationNotPayableError('r', 'CONFIRMED', options),
      ReservationNotRefundableError: (options) => new errors.ReservationNotRefundableError('r', 'too late', options),
      InsufficientBalanceError: (options) => new errors.InsufficientBalanceError('u', 0, 1, options),
      BalanceLimitExceededError: (options) => new errors.BalanceLimitExceededError('u', 100, options),
      IdempotencyKeyReusedError: (options) => new errors.IdempotencyKeyReusedError('k', options),
      ServiceUnavailableError: (options) => new errors.ServiceUnavailableError('busy', options),
    };
    const subclasses = Object.entries(errors)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof DomainError)
      .map(([name]) => name);
    expect(Object.keys(withCause).sort()).toEqual(subclasses.sort());
    for (const [name, construct] of Object.entries(withCause)) {
      const error = construct({ cause });
      expect({ name: error.name, cause: error.cause }).toEqual({ name, cause });
    }
  });

  it('has no cause when it translates nothing', () => {
    expect(new ValidationError('name: required').cause).toBeUndefined();
  });
});

describe('ErrorCode', () => {
  it('holds only the error codes the contract lists (docs/api.md: every error has one of them)', () => {
    const contract = readFileSync(resolve(__dirname, '../../../docs/api.md'), 'utf8');
    const notInContract = Object.values(ErrorCode).filter((code) => !contract.includes(`\`${code}\``));
    expect(notInContract).toEqual([]);
  });
});

describe('UserNotFoundError', () => {
  it('is a 401 INVALID_TOKEN: a credential that names no user acts for nobody', () => {
    const error = new errors.UserNotFoundError('u');
    expect(error.code).toBe(ErrorCode.invalidToken);
  });
});

describe('TokenAlreadyIssuedError', () => {
  it('points to the route that gives the live token back', () => {
    expect(new TokenAlreadyIssuedError('u1', 'c 1').message).toContain('GET /queue/tokens?concertId=c%201');
  });
});

describe('withoutStackTrace', () => {
  it('builds the error with its name and message but no stack frames', () => {
    const error = withoutStackTrace(() => new ValidationError('seatNo: required'));
    expect(error.stack).toBe('ValidationError: seatNo: required');
    expect(new ValidationError('seatNo: required').stack).toMatch(/\n\s+at /);
  });

  it('leaves the stack trace limit as it was, even when building throws', () => {
    const limit = Error.stackTraceLimit;
    expect(() =>
      withoutStackTrace(() => {
        throw new Error('could not build');
      }),
    ).toThrow('could not build');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

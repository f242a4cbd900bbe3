import { DomainError, ErrorCode, ServiceUnavailableError, TokenAlreadyIssuedError, ValidationError } from '../../../lambdas/domain/errors';

describe('DomainError', () => {
  it('keeps the error it translates as its cause, as Powertools errors do', () => {
    const original = new Error('ThrottlingException');
    const error = new ServiceUnavailableError('throttled', { cause: original });
    expect(error.cause).toBe(original);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'ServiceUnavailableError', code: ErrorCode.serviceUnavailable, context: { reason: 'throttled' } });
  });

  it('has no cause when it translates nothing', () => {
    expect(new ValidationError('name: required').cause).toBeUndefined();
  });
});

describe('TokenAlreadyIssuedError', () => {
  it('points to the route that gives the live token back', () => {
    expect(new TokenAlreadyIssuedError('u1', 'c 1').message).toContain('GET /queue/tokens?concertId=c%201');
  });
});

import { DomainError, ErrorCode, ServiceUnavailableError, ValidationError } from '../../../lambdas/domain/errors';

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

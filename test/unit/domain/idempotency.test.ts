import { IdempotencyKeyReusedError } from '../../../lambdas/domain/errors';
import { canonicalJson, hashKeyedRequest, hashRequestBody, idempotentOperations, replayRecorded } from '../../../lambdas/domain/idempotency';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('leaves out undefined members as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('hashRequestBody', () => {
  it('hashes bodies that differ only in key order alike', () => {
    expect(hashRequestBody({ a: 1, b: 2 })).toBe(hashRequestBody({ b: 2, a: 1 }));
  });

  it('tells different values apart, including a number from its string', () => {
    expect(hashRequestBody({ amount: 1000 })).not.toBe(hashRequestBody({ amount: 1001 }));
    expect(hashRequestBody({ amount: 1000 })).not.toBe(hashRequestBody({ amount: '1000' }));
  });
});

describe('hashKeyedRequest', () => {
  it('tells the same input apart by operation, so a key reused on another route is another request', () => {
    const input = { reservationId: 'r-1' };
    expect(hashKeyedRequest(idempotentOperations.payment, input)).toBe(hashKeyedRequest(idempotentOperations.payment, { ...input }));
    expect(hashKeyedRequest(idempotentOperations.payment, input)).not.toBe(hashKeyedRequest(idempotentOperations.refund, input));
  });
});

describe('replayRecorded', () => {
  const record = { requestHash: hashRequestBody({ amount: 5 }), statusCode: 200, response: { balance: 5 } };

  it('gives the record back for the same request', () => {
    expect(replayRecorded(record, { key: 'k', requestHash: hashRequestBody({ amount: 5 }) })).toBe(record);
  });

  it('refuses another request under the same key with IDEMPOTENCY_KEY_REUSED', () => {
    expect(() => replayRecorded(record, { key: 'k', requestHash: hashRequestBody({ amount: 6 }) })).toThrow(IdempotencyKeyReusedError);
  });
});

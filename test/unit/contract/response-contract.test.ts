import type { ObservedResponse } from '../../support/openapi-contract';
import { assertMatchesContract, contractViolation } from '../../support/openapi-contract';

const json = 'application/json';
const response = (overrides: Partial<ObservedResponse>): ObservedResponse => ({
  method: 'GET',
  path: '/health',
  status: 200,
  contentType: json,
  body: '{"status":"ok"}',
  ...overrides,
});
const errorBody = (code: string) => JSON.stringify({ error: { code, message: 'why' } });

describe('the response contract check (docs/openapi.json)', () => {
  it('accepts a documented status whose body matches its schema', () => {
    expect(contractViolation(response({}))).toBeUndefined();
  });

  it('matches path templates segment by segment and ignores the query string', () => {
    const queue = JSON.stringify({ concertId: 'c1', status: 'ON_SALE', saleOpensAt: null, waiting: 0, active: 1, maxActive: 100, admittedLastMinute: 1 });
    expect(contractViolation(response({ path: '/concerts/c1/queue?x=1', body: queue }))).toBeUndefined();
    expect(contractViolation(response({ path: '/concerts/c1/queue/extra', status: 404, body: errorBody('NOT_FOUND') }))).toBeUndefined();
  });

  it('refuses a status the operation does not document', () => {
    expect(contractViolation(response({ status: 409, body: errorBody('SEAT_ALREADY_RESERVED') }))).toMatch(/documents .* not 409/);
  });

  it('refuses a body that breaks the schema, naming the field', () => {
    expect(contractViolation(response({ body: '{"status":"fine"}' }))).toMatch(/\/status must be equal to constant/);
    expect(contractViolation(response({ body: '{"status":"ok","extra":1}' }))).toMatch(/must NOT have additional properties/);
  });

  it('checks formats: a userId must be a UUID', () => {
    const balance = (userId: string) => response({ path: '/balance', body: JSON.stringify({ userId, balance: 0 }) });
    expect(contractViolation(balance('2f1d5a0e-8a3c-4b8e-9c1f-0d3e2a4b5c6d'))).toBeUndefined();
    expect(contractViolation(balance('not-a-uuid'))).toMatch(/\/userId must match/);
  });

  it('refuses an error code the contract does not know', () => {
    expect(contractViolation(response({ status: 503, body: errorBody('SOMETHING_ELSE') }))).toMatch(/\/error\/code must be equal to one of/);
  });

  it('refuses a body where none is documented, and a JSON body without its content type', () => {
    const leave = { method: 'DELETE', path: '/queue/tokens/me', status: 204 } as const;
    expect(contractViolation(response({ ...leave, contentType: undefined, body: '' }))).toBeUndefined();
    expect(contractViolation(response({ ...leave, body: '{}' }))).toMatch(/documents no body/);
    expect(contractViolation(response({ contentType: 'text/plain' }))).toMatch(/content-type is text\/plain/);
  });

  it('lets an unknown route answer only the contract 404 NOT_FOUND', () => {
    expect(contractViolation(response({ path: '/nope', status: 404, body: errorBody('NOT_FOUND') }))).toBeUndefined();
    expect(contractViolation(response({ method: 'PUT', path: '/users', status: 404, body: errorBody('NOT_FOUND') }))).toBeUndefined();
    expect(contractViolation(response({ path: '/nope', status: 404, body: errorBody('CONCERT_NOT_FOUND') }))).toMatch(/must be NOT_FOUND/);
    expect(contractViolation(response({ path: '/nope', status: 200 }))).toMatch(/no operation for GET \/nope/);
  });

  it('throws a ContractViolation that names the request and the status', () => {
    expect(() => assertMatchesContract(response({ status: 418 }))).toThrow('GET /health answered 418, which breaks docs/openapi.json');
  });
});

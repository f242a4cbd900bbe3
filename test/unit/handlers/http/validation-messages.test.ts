import * as z from 'zod/mini';
import { holdSeatBody } from '../../../../lambdas/contract/hold-schemas';
import { concertParams, issueTokenBody } from '../../../../lambdas/contract/schemas';
import { createUserBody } from '../../../../lambdas/contract/user-schemas';
import { httpRoute } from '../../../../lambdas/handlers/http/http-route';
import { describeRule } from '../../../../lambdas/handlers/http/validation-messages';
import { invokeOutsideContract as invoke } from '../../../support/invoke';

const routeWith = (body: z.ZodMiniType) => httpRoute({ body }, async () => ({ statusCode: 200, body: {} }));

const messageFor = async (body: z.ZodMiniType, value: unknown): Promise<string> => {
  const response = await invoke(routeWith(body), { method: 'POST', body: value });
  expect(response.statusCode).toBe(400);
  expect(response.body.error.code).toBe('VALIDATION_ERROR');
  return response.body.error.message as string;
};

describe('validation messages', () => {
  it('names the field and its length rule for a name that is too long or empty', async () => {
    expect(await messageFor(createUserBody, { name: 'x'.repeat(51) })).toBe(
      'name: 1 to 50 characters, printable text, free of invisible format characters (such as U+200B or U+202E), more than blanks (at least one visible character)',
    );
    expect(await messageFor(createUserBody, { name: '   ' })).toBe(
      'name: 1 to 50 characters, printable text, free of invisible format characters (such as U+200B or U+202E), more than blanks (at least one visible character)',
    );
  });

  it('says a missing field is required and what it must be', async () => {
    expect(await messageFor(issueTokenBody, {})).toBe(
      'concertId: required, 1-64 characters of A-Z a-z 0-9 _ -',
    );
  });

  it('says what type a field must be and what it got', async () => {
    expect(await messageFor(holdSeatBody, { concertId: 'c1', date: '2099-12-24', seatNo: '7' })).toBe('seatNo: an integer ≥ 1, got a string');
    expect(await messageFor(holdSeatBody, { concertId: 'c1', date: '2099-12-24', seatNo: 1.5 })).toBe('seatNo: an integer ≥ 1, got a fraction');
  });

  it('says an integer beyond the safe range is too big, not just that it must be an integer', async () => {
    expect(await messageFor(holdSeatBody, { concertId: 'c1', date: '2099-12-24', seatNos: [1e20] })).toBe(
      'seatNos[0]: an integer ≥ 1, at most 9007199254740991 (got a larger one)',
    );
  });

  it('gives an integer range as min..max', async () => {
    const seatNo = z.strictObject({ seatNo: z.int().check(z.minimum(1), z.maximum(50)) });
    expect(await messageFor(seatNo, { seatNo: 51 })).toBe('seatNo: an integer 1..50');
    expect(await messageFor(seatNo, { seatNo: 1e20 })).toBe('seatNo: an integer 1..50');
  });

  it('keeps the message a schema states itself', async () => {
    expect(await messageFor(holdSeatBody, { concertId: 'c1', date: '2099-02-30', seatNo: 1 })).toBe('date: must be a real date as YYYY-MM-DD');
  });

  it('lists every failing field, one clause each', async () => {
    expect(await messageFor(holdSeatBody, { date: '2099-12-24', seatNo: 0 })).toBe(
      'concertId: required, 1-64 characters of A-Z a-z 0-9 _ -; seatNo: an integer ≥ 1',
    );
  });

  it('names unknown fields and the allowed ones', async () => {
    expect(await messageFor(createUserBody, { name: 'Kim', admin: true })).toBe('body: unknown field "admin"; allowed: name');
  });

  it('says the body must be an object when it is not', async () => {
    expect(await messageFor(createUserBody, ['Kim'])).toBe('body: an object with name, got a list');
  });

  it('names list items by index', async () => {
    const seats = z.strictObject({ seatNos: z.array(z.int().check(z.minimum(1), z.maximum(50))).check(z.minLength(1), z.maxLength(4)) });
    expect(await messageFor(seats, { seatNos: [3, 'a'] })).toBe('seatNos[1]: an integer 1..50, got a string');
    expect(await messageFor(seats, { seatNos: [] })).toBe('seatNos: a list of 1 to 4 items, each an integer 1..50');
  });

  it('names a bad path parameter', async () => {
    const route = httpRoute({ params: concertParams }, async () => ({ statusCode: 200, body: {} }));
    const response = await invoke(route, { pathParameters: { concertId: 'a b' } });
    expect(response.body.error).toEqual({ code: 'VALIDATION_ERROR', message: 'concertId: must be 1-64 characters of A-Z a-z 0-9 _ -' });
  });
});

describe('describeRule', () => {
  it.each([
    [z.uuid(), 'a UUID'],
    [z.string(), 'text'],
    [z.string().check(z.maxLength(64)), 'at most 64 characters'],
    [z.number().check(z.minimum(0)), 'a number ≥ 0'],
    [z.boolean(), 'true or false'],
    [z.optional(z.int().check(z.maximum(9))), 'an integer ≤ 9'],
  ])('describes %#', (schema, expected) => {
    expect(describeRule(schema)).toBe(expected);
  });
});

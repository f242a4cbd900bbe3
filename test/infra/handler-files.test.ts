import { missingHandlers } from './support';

describe('route table', () => {
  it('has a handler file under lambdas/handlers for every route and background function', () => {
    expect(missingHandlers()).toEqual([]);
  });
});

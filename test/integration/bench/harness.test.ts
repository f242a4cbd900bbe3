import { observeFutureClients } from '../../../lambdas/adapters/dynamodb/client';
import { benchDates } from '../../../bench/lib/fixtures';
import { HotKeyCounter } from '../../../bench/lib/hot-keys';
import { ApiClient } from '../../../bench/lib/http';
import { InvariantLog, TableReader } from '../../../bench/lib/invariants';
import { Recorder } from '../../../bench/lib/stats';
import type { BenchTarget } from '../../../bench/lib/target';
import { runFlashSale } from '../../../bench/scenarios/flash-sale';
import { prepareHoldingFans, runHotSeat } from '../../../bench/scenarios/hot-seat';
import { runStorageFloor } from '../../../bench/scenarios/storage-floor';
import type { TestServer } from '../../support/local-server';
import { startTestServer } from '../../support/local-server';

/**
 * Small versions of the benchmark's scenarios (bench/), so that the harness keeps working as the service changes.
 * Only invariants are asserted: timings on a shared test machine mean nothing.
 */
const maxActiveTokens = 10;
const scenarioTimeoutMs = 120_000;

describe('benchmark harness', () => {
  let server: TestServer;
  let target: BenchTarget;
  let api: ApiClient;
  const counter = new HotKeyCounter();

  beforeAll(async () => {
    // Before the server loads the handlers: only clients created afterwards are observed.
    observeFutureClients(counter.observe);
    server = await startTestServer({ seedDemo: false, env: { MAX_ACTIVE_TOKENS: String(maxActiveTokens) }, admissionIntervalSeconds: 1 });
    target = { ...server, hotKeys: { start: async () => counter.start(), report: async () => counter.report() } };
    api = new ApiClient(server.url, { concurrency: 20, recorder: new Recorder() });
  });

  afterAll(async () => {
    await api?.close();
    await server?.stop();
  });

  const expectAllHold = (invariants: InvariantLog): void => {
    expect(invariants.failures()).toEqual([]);
    expect(invariants.results.length).toBeGreaterThan(0);
  };

  it(
    'gives a hot seat to exactly one of the fans, and the SDK floor mirrors the hold transaction',
    async () => {
      const [hotDate, floorDate] = benchDates(2) as [string, string];
      const fans = await prepareHoldingFans(api, target, server.db, { count: maxActiveTokens, dates: [hotDate, floorDate] });
      const invariants = new InvariantLog();

      const result = await runHotSeat(api, new TableReader(server.db, server.tableName), fans, { date: hotDate, seatNo: 1 }, invariants);

      expectAllHold(invariants);
      expect(result.outcomes).toEqual({ '201': 1, '409 SEAT_ALREADY_RESERVED': maxActiveTokens - 1 });
      const floor = await runStorageFloor(
        { endpoint: server.dynamodbEndpoint, tableName: server.tableName, concurrency: 5 },
        fans.userIds.map((userId, index) => ({ userId, concertId: fans.concertId, date: floorDate, seatNo: index + 1 })),
      );
      expect(floor.outcomes).toEqual({ held: maxActiveTokens });
    },
    scenarioTimeoutMs,
  );

  it(
    'sells every seat once in a flash sale with more fans than slots and seats, and counts writes per partition key',
    async () => {
      const invariants = new InvariantLog();

      const result = await runFlashSale(
        api,
        target,
        server.db,
        { name: 'flash sale', users: 3 * maxActiveTokens, dates: 1, seatsPerDate: 10, maxActiveTokens, faultRate: 0, countHotKeys: true, maxSeatsPerOrder: 1, refundRate: 0, admissionIntervalSeconds: 1, thinkSeconds: 0 },
        invariants,
      );

      expectAllHold(invariants);
      expect(result.fans).toEqual({ paid: 10, refunded: 0, leftWithoutSeat: 2 * maxActiveTokens, aborted: 0 });
      expect(result.seatsSold).toBe(10);
      const kinds = result.hotKeys?.kinds.map((kind) => kind.pattern) ?? [];
      expect(kinds).toEqual(expect.arrayContaining(['ROOM#<id>', 'ROOM#<id>#PLACES#<n>', 'SEATS#<id>#<date>', 'TOKEN#<id>', 'USER#<id>']));
      // The waiting room's figures are measured (not asserted: timings mean nothing here), and well formed.
      expect(result.admission.utilisation).toBeGreaterThanOrEqual(0);
      expect(result.admission.utilisation).toBeLessThanOrEqual(1);
      expect(result.admission.pollsPerFan).toBeGreaterThan(0);
      expect(result.admission.arrivalToAdmissionMs.p95).toBeGreaterThanOrEqual(result.admission.arrivalToAdmissionMs.p50);
    },
    scenarioTimeoutMs,
  );

  it(
    'charges, pays and refunds exactly once when responses are lost and resent with the same key; orders of 1..3 seats, 30% of buyers refund',
    async () => {
      const invariants = new InvariantLog();

      const result = await runFlashSale(
        api,
        target,
        server.db,
        { name: 'faults', users: 2 * maxActiveTokens, dates: 1, seatsPerDate: 10, maxActiveTokens, faultRate: 0.5, countHotKeys: false, maxSeatsPerOrder: 3, refundRate: 0.3, admissionIntervalSeconds: 1, thinkSeconds: 2 },
        invariants,
      );

      expectAllHold(invariants);
      // 10 seats in orders of at most 3: at least 4 orders, more when refunded seats are bought again.
      expect(result.fans.paid).toBeGreaterThanOrEqual(4);
      expect(result.fans.aborted).toBe(0);
      expect(result.faults.dropped).toBeGreaterThan(0);
      expect(result.faults.replayMismatches).toBe(0);
    },
    scenarioTimeoutMs,
  );
});

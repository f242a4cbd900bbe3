/**
 * `npm run bench`: the service's benchmark suite on an in-memory DynamoDB Local (docs/benchmarks.md).
 *   npm run bench -- [--users 2000] [--dates 4] [--max-active 100] [--fault-rate 0.1] [--refund-rate 0.1] [--max-seats-per-order 4] [--holders 1000]
 *                    [--concurrency 100] [--flash-concurrency 50] [--admission-interval 60] [--flash-pairs 2] [--think-seconds 0] [--cold-start-runs 11] [--only cold-start,holds,contention,stall,flash,faults,opening]
 *                    [--opening-fans 2000] [--opening-window-seconds 60] [--contention-charges 100]
 *                    [--issue-fans 2000] [--issue-instances 60]   (--only issues: token issues after the opening)
 *                    [--stall-fans 70] [--stall-seconds 12]
 *                    [--out bench/results/<date>.json]
 * Prints one table, writes the figures as JSON, and exits non-zero when any invariant fails or a scenario crashes.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { apiFunctionTimeoutSeconds } from '../lambdas/routes';
import type { DynamoDbLocal } from '../local/dynamodb-local';
import { ensureTable, startDynamoDbLocalOnFreePort } from '../local/dynamodb-local';
import { benchDates } from './lib/fixtures';
import { ApiClient } from './lib/http';
import { measureCpuPerOperation } from './lib/process-cpu';
import { InvariantLog, TableReader } from './lib/invariants';
import type { ServiceProcess } from './lib/service-process';
import { startServiceProcess } from './lib/service-process';
import type { AdmissionTarget } from './lib/admission-targets';
import { admissionTargets, flashSaleCadences } from './lib/admission-targets';
import { Recorder } from './lib/stats';
import { kilobytes, ms, percent, rate, renderTable, seconds } from './lib/table';
import type { ColdStartRow } from './scenarios/cold-start';
import { runColdStart } from './scenarios/cold-start';
import type { FlashSaleResult } from './scenarios/flash-sale';
import { runFlashSale } from './scenarios/flash-sale';
import type { HoldsResult } from './scenarios/hot-seat';
import { prepareHoldingFans, runHotSeat, sendHolds } from './scenarios/hot-seat';
import type { OpeningResult } from './scenarios/opening';
import { runOpening } from './scenarios/opening';
import type { IssueBurstResult } from './scenarios/issue-burst';
import { runIssueBurst } from './scenarios/issue-burst';
import type { ContentionResult } from './scenarios/contention';
import { runContention } from './scenarios/contention';
import type { StallResult } from './scenarios/storage-stall';
import { runStorageStall } from './scenarios/storage-stall';
import type { ProofOfWorkResult } from './scenarios/proof-of-work';
import { runProofOfWork } from './scenarios/proof-of-work';
import type { FloorResult } from './scenarios/storage-floor';
import { runStorageFloor } from './scenarios/storage-floor';

const { values: flags } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    dates: { type: 'string', default: '4' },
    'max-active': { type: 'string', default: '100' },
    'fault-rate': { type: 'string', default: '0.1' },
    'refund-rate': { type: 'string', default: '0.1' },
    'max-seats-per-order': { type: 'string', default: '4' },
    holders: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '100' },
    'flash-concurrency': { type: 'string', default: '50' },
    // The sweeper's period in the flash sales: 60 s is AWS's cadence (EventBridge's finest schedule).
    'admission-interval': { type: 'string', default: '60' },
    // Pairs of flash sales (one with a 1 s sweeper, one at --admission-interval), the order flipped every other pair.
    'flash-pairs': { type: 'string', default: '2' },
    // Fans of the flash and faults sales pause U(N/3, N) s once ACTIVE before shopping, as people do; 0: at once, as scripts do.
    'think-seconds': { type: 'string', default: '0' },
    'cold-start-runs': { type: 'string', default: '11' },
    'opening-fans': { type: 'string', default: '2000' },
    'opening-window-seconds': { type: 'string', default: '60' },
    'issue-fans': { type: 'string', default: '2000' },
    'issue-instances': { type: 'string', default: '60' },
    'contention-charges': { type: 'string', default: '100' },
    'stall-fans': { type: 'string', default: '70' },
    'stall-seconds': { type: 'string', default: '12' },
    only: { type: 'string', default: 'cold-start,pow,holds,contention,stall,flash,faults,opening,issues' },
    'pow-runs': { type: 'string', default: '15' },
    out: { type: 'string' },
  },
});

const integerFlag = (name: keyof typeof flags, min: number): number => {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${String(flags[name])}`);
  return value;
};

const options = {
  users: integerFlag('users', 1),
  dates: integerFlag('dates', 1),
  seatsPerDate: 50,
  maxActive: integerFlag('max-active', 1),
  faultRate: Number(flags['fault-rate']),
  refundRate: Number(flags['refund-rate']),
  maxSeatsPerOrder: integerFlag('max-seats-per-order', 1),
  holders: integerFlag('holders', 2),
  concurrency: integerFlag('concurrency', 1),
  flashConcurrency: integerFlag('flash-concurrency', 1),
  admissionIntervalSeconds: integerFlag('admission-interval', 1),
  flashPairs: integerFlag('flash-pairs', 1),
  thinkSeconds: integerFlag('think-seconds', 0),
  coldStartRuns: integerFlag('cold-start-runs', 1),
  openingFans: integerFlag('opening-fans', 2),
  openingWindowSeconds: integerFlag('opening-window-seconds', 1),
  issueFans: integerFlag('issue-fans', 1),
  issueInstances: integerFlag('issue-instances', 1),
  contentionCharges: integerFlag('contention-charges', 1),
  stallFans: integerFlag('stall-fans', 1),
  // Longer than the function time-out, so requests caught in it must answer 503.
  stallSeconds: integerFlag('stall-seconds', apiFunctionTimeoutSeconds + 1),
  powRuns: integerFlag('pow-runs', 1),
  only: new Set((flags.only ?? '').split(',').map((name) => name.trim())),
};
if (!(options.faultRate >= 0 && options.faultRate < 1)) throw new Error('--fault-rate must be in [0, 1)');
if (!(options.refundRate >= 0 && options.refundRate <= 1)) throw new Error('--refund-rate must be in [0, 1]');

interface StorageFloorComparison {
  readonly api: HoldsResult;
  readonly floor: FloorResult;
  /** API holds/s ÷ floor holds/s. */
  readonly ratio: number;
  /** CPU ms per hold of each process (service, DynamoDB Local, bench) while the API run and the floor run went. */
  readonly cpuMsPerHold: { readonly api: Readonly<Record<string, number>>; readonly floor: Readonly<Record<string, number>> };
}

interface Results {
  readonly date: string;
  readonly startedAt: string;
  durationMs: number;
  readonly machine: Record<string, string | number>;
  readonly options: Record<string, unknown>;
  hotSeat?: HoldsResult;
  storageFloor?: { hotSeat: StorageFloorComparison; distinctSeats: StorageFloorComparison };
  /**
   * The flash sales in run order: the same sale with the sweeper every second and at the AWS cadence, in pairs
   * (`flashSaleCadences`), so the AWS cadence is held against the 1 s sweeper under the same load.
   */
  flashSales?: FlashSaleResult[];
  /** The issue's targets for the waiting room, met or not (they do not fail the run; invariants do). */
  admissionTargets?: AdmissionTarget[];
  opening?: OpeningResult;
  issueBurst?: IssueBurstResult;
  contention?: ContentionResult;
  storageStall?: StallResult;
  faults?: FlashSaleResult;
  coldStart?: ColdStartRow[];
  proofOfWork?: ProofOfWorkResult;
  invariants: { name: string; holds: boolean; detail: string }[];
  crashes: string[];
}

/** The machine the figures come from (docs/benchmarks.md quotes them). */
const machine = (): Record<string, string | number> => {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    nproc: Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()) || availableParallelism(),
    cpuModel: /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown',
    node: process.version,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    // DynamoDB Local is a Java program; `java -version` answers on stderr.
    java: `${java.stderr ?? ''}${java.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown',
    loadAverageAtStart: loadavg().map((load) => load.toFixed(2)).join(' '),
  };
};

const started = new Date();
const results: Results = {
  date: started.toISOString().slice(0, 10),
  startedAt: started.toISOString(),
  durationMs: 0,
  machine: machine(),
  options: { ...options, only: [...options.only] },
  invariants: [],
  crashes: [],
};
const outFile = flags.out ?? join(__dirname, 'results', `${results.date}.json`);

let dynamo: DynamoDbLocal | undefined;
const services = new Set<ServiceProcess>();
const cleanUp = async (): Promise<void> => {
  await Promise.allSettled([...services].map((service) => service.stop()));
  await dynamo?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the service and DynamoDB Local`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const progress = (message: string): void => {
  const elapsed = ((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${elapsed} s] ${message}\n`);
};

/** Runs one group of scenarios; a crash is recorded (and fails the run) without stopping the other groups. */
const group = async (name: string, body: (invariants: InvariantLog) => Promise<void>): Promise<void> => {
  if (!options.only.has(name)) return;
  const invariants = new InvariantLog();
  try {
    await body(invariants);
  } catch (error) {
    results.crashes.push(`${name}: ${(error as Error).stack ?? String(error)}`);
    progress(`${name} crashed: ${(error as Error).message}`);
  } finally {
    results.invariants.push(...invariants.results);
  }
};

const withService = async <T>(
  settings: {
    handlerEnv: Record<string, string>;
    admissionIntervalSeconds: number;
    countHotKeys: boolean;
    concurrency: number;
    tableStream?: boolean;
    /** The DynamoDB Local to use instead of the run's shared one. */
    dynamodb?: DynamoDbLocal;
  },
  body: (service: ServiceProcess, api: ApiClient, db: DynamoDBDocumentClient) => Promise<T>,
): Promise<T> => {
  const { dynamodb = dynamo as DynamoDbLocal, ...serviceSettings } = settings;
  const endpoint = dynamodb.endpoint;
  const service = await startServiceProcess({ dynamodbEndpoint: endpoint, tableStream: false, ...serviceSettings });
  services.add(service);
  const api = new ApiClient(service.url, { concurrency: settings.concurrency, recorder: new Recorder() });
  const db = createDocumentClient({ endpoint, maxAttempts: 5 });
  try {
    return await body(service, api, db);
  } finally {
    await api.close();
    db.destroy();
    await service.stop();
    services.delete(service);
  }
};

const main = async (): Promise<void> => {
  await group('cold-start', async () => {
    progress(`cold start: bundling every handler and importing each ${options.coldStartRuns} times`);
    results.coldStart = await runColdStart({ runs: options.coldStartRuns });
  });

  await group('pow', async () => {
    progress(`proof of work: solving ${options.powRuns} challenges at the default difficulty`);
    results.proofOfWork = await runProofOfWork({ runs: options.powRuns });
  });

  progress('starting DynamoDB Local (in memory)');
  dynamo = await startDynamoDbLocalOnFreePort({ dataDir: ':memory:' });

  await group('holds', (invariants) =>
    withService(
      // Every fan of the hot seat needs an ACTIVE token at once: the room must fit them all.
      { handlerEnv: { MAX_ACTIVE_TOKENS: String(options.holders) }, admissionIntervalSeconds: 0, countHotKeys: false, concurrency: options.concurrency },
      async (service, api, db) => {
        const datesPerRun = Math.ceil(options.holders / 50);
        const dates = benchDates(2 + 2 * datesPerRun);
        const [hotDate, floorHotDate] = dates as [string, string];
        const spreadDates = dates.slice(2, 2 + datesPerRun);
        const floorSpreadDates = dates.slice(2 + datesPerRun);
        progress(`holds: registering ${options.holders} fans with ACTIVE tokens`);
        const fans = await prepareHoldingFans(api, service, db, { count: options.holders, dates });
        const reader = new TableReader(db, service.tableName);
        const floorOptions = { endpoint: service.dynamodbEndpoint, tableName: service.tableName, concurrency: options.concurrency };
        const seatOf = (dateList: readonly string[]) => (index: number) => ({ date: dateList[Math.floor(index / 50)] as string, seatNo: (index % 50) + 1 });

        // Where each run's CPU went: the service, DynamoDB Local, and this process (the HTTP client or the floor's SDK).
        const processes = { service: service.pid, 'DynamoDB Local': dynamo?.pid, bench: process.pid };
        const measured = <T>(work: () => Promise<T>) => measureCpuPerOperation(processes, options.holders, work);

        progress(`1 hot seat: ${options.holders} holds on one seat, ${options.concurrency} in flight`);
        const { result: hotSeat, cpuMsPerOperation: hotSeatCpu } = await measured(() => runHotSeat(api, reader, fans, { date: hotDate, seatNo: 1 }, invariants));
        results.hotSeat = hotSeat;
        progress('4 storage floor: the same holds through the SDK');
        const { result: floorHot, cpuMsPerOperation: floorHotCpu } = await measured(() =>
          runStorageFloor(
            floorOptions,
            fans.userIds.map((userId) => ({ userId, concertId: fans.concertId, date: floorHotDate, seatNo: 1 })),
          ),
        );
        invariants.check('storage floor (hot seat): exactly one transaction held the seat', floorHot.outcomes.held === 1, JSON.stringify(floorHot.outcomes));
        progress(`4 storage floor: ${options.holders} holds on distinct seats, API then SDK`);
        const { result: spread, cpuMsPerOperation: spreadCpu } = await measured(async () => (await sendHolds(api, fans, seatOf(spreadDates))).result);
        invariants.check('distinct seats (API): every hold 201', spread.outcomes['201'] === options.holders, JSON.stringify(spread.outcomes));
        const { result: floorSpread, cpuMsPerOperation: floorSpreadCpu } = await measured(() =>
          runStorageFloor(
            floorOptions,
            fans.userIds.map((userId, index) => ({ userId, concertId: fans.concertId, ...seatOf(floorSpreadDates)(index) })),
          ),
        );
        invariants.check('distinct seats (SDK): every transaction held', floorSpread.outcomes.held === options.holders, JSON.stringify(floorSpread.outcomes));
        const compare = (apiResult: HoldsResult, floor: FloorResult, cpuMsPerHold: StorageFloorComparison['cpuMsPerHold']): StorageFloorComparison => ({
          api: apiResult,
          floor,
          ratio: Math.round((apiResult.perSecond / floor.perSecond) * 100) / 100,
          cpuMsPerHold,
        });
        results.storageFloor = {
          hotSeat: compare(hotSeat, floorHot, { api: hotSeatCpu, floor: floorHotCpu }),
          distinctSeats: compare(spread, floorSpread, { api: spreadCpu, floor: floorSpreadCpu }),
        };
      },
    ),
  );

  await group('contention', (invariants) =>
    withService({ handlerEnv: {}, admissionIntervalSeconds: 0, countHotKeys: false, concurrency: options.concurrency }, async (service, api, db) => {
      progress(`7 contention under load: ${options.contentionCharges} parallel charges and 4 parallel payments of one user, a CPU hog on every core`);
      results.contention = await runContention(api, service, db, { charges: options.contentionCharges, payments: 4, chargeAmount: 5_000 }, invariants);
    }),
  );
  await group('stall', (invariants) =>
    withService(
      { handlerEnv: { MAX_ACTIVE_TOKENS: String(options.stallFans) }, admissionIntervalSeconds: 0, countHotKeys: false, concurrency: options.concurrency },
      async (service, api, db) => {
        progress(`8 storage stall: ${options.stallFans} fans charge, hold, pay and charge again; DynamoDB Local frozen for ${options.stallSeconds} s in the middle`);
        results.storageStall = await runStorageStall(
          api,
          service,
          db,
          dynamo as DynamoDbLocal,
          { fans: options.stallFans, stallMs: options.stallSeconds * 1000, startWindowMs: 6_000, answerWithinMs: apiFunctionTimeoutSeconds * 1000 + 3_000 },
          invariants,
        );
      },
    ),
  );

  /**
   * Each sale gets a DynamoDB Local of its own: in a run's second sale on a shared one, a single GetItem took
   * 135-1,000 ms with the service nearly idle (32-50 ms with the service paused), the service's own load on the
   * emulator over everything both sales wrote, so a sale run second measured that rather than its admission cadence.
   */
  const flash = async (name: 'flash' | 'faults', faultRate: number, admissionIntervalSeconds: number, invariants: InvariantLog): Promise<FlashSaleResult> => {
    progress('starting a DynamoDB Local of its own for the sale (in memory)');
    const own = await startDynamoDbLocalOnFreePort({ dataDir: ':memory:' });
    try {
      return await flashOn(own, name, faultRate, admissionIntervalSeconds, invariants);
    } finally {
      await own.stop();
    }
  };
  const flashOn = async (
    dynamodb: DynamoDbLocal,
    name: 'flash' | 'faults',
    faultRate: number,
    admissionIntervalSeconds: number,
    invariants: InvariantLog,
  ): Promise<FlashSaleResult> =>
    withService(
      {
        dynamodb,
        handlerEnv: { MAX_ACTIVE_TOKENS: String(options.maxActive), MAX_SEATS_PER_USER: String(options.maxSeatsPerOrder), ADMISSION_INTERVAL_SECONDS: String(admissionIntervalSeconds) },
        admissionIntervalSeconds,
        countHotKeys: name === 'flash',
        concurrency: options.flashConcurrency,
        tableStream: true,
      },
      async (service, api, db) => {
        progress(
          `${name === 'flash' ? '2 flash sale' : '3 faults'}: ${options.users} fans, ${options.dates} × 50 seats, ${options.maxActive} active slots, ` +
            `sweeper every ${admissionIntervalSeconds} s` +
            (options.thinkSeconds > 0 ? `, fans think ${(options.thinkSeconds / 3).toFixed(1)}–${options.thinkSeconds} s once ACTIVE` : '') +
            (faultRate > 0 ? `, ${faultRate * 100}% of charge/payment responses dropped` : ''),
        );
        return runFlashSale(
          api,
          service,
          db,
          {
            name: name === 'flash' ? `flash sale (sweeper ${admissionIntervalSeconds} s)` : 'faults',
            users: options.users,
            dates: options.dates,
            seatsPerDate: options.seatsPerDate,
            maxActiveTokens: options.maxActive,
            faultRate,
            countHotKeys: name === 'flash' && admissionIntervalSeconds === options.admissionIntervalSeconds,
            maxSeatsPerOrder: options.maxSeatsPerOrder,
            refundRate: options.refundRate,
            admissionIntervalSeconds,
            thinkSeconds: options.thinkSeconds,
          },
          invariants,
        );
      },
    );
  await group('flash', async (invariants) => {
    const sales: FlashSaleResult[] = [];
    results.flashSales = sales;
    for (const cadence of flashSaleCadences(options.admissionIntervalSeconds, options.flashPairs)) sales.push(await flash('flash', 0, cadence, invariants));
    results.admissionTargets = admissionTargets(sales, options.admissionIntervalSeconds);
  });
  await group('faults', async (invariants) => {
    results.faults = await flash('faults', options.faultRate, options.admissionIntervalSeconds, invariants);
  });
  await group('opening', async (invariants) => {
    progress(`5 opening: ${options.openingFans} fans arrive over the ${options.openingWindowSeconds} s before the opening`);
    const endpoint = (dynamo as DynamoDbLocal).endpoint;
    const tableName = `bench-opening-${Date.now()}`;
    await ensureTable(endpoint, tableName, { stream: false });
    const db = createDocumentClient({ endpoint, maxAttempts: 5 });
    try {
      const opening = await runOpening(db, tableName, {
        fans: options.openingFans,
        arrivalWindowMs: options.openingWindowSeconds * 1000,
        maxActive: options.maxActive,
        queueShards: 8,
      });
      results.opening = opening;
      invariants.check(
        'opening: every fan pre-queued before the opening placed by the draw, places 1..n',
        opening.placed >= opening.preQueuedBeforeOpening && opening.placed <= opening.preQueued && opening.placesDense,
        `${opening.placed} placed; ${opening.preQueuedBeforeOpening} pre-queued before the opening, ${opening.preQueued} in all`,
      );
      invariants.check('opening: drawn once for three triggers', opening.extraTriggers.every((outcome) => outcome !== 'opened'), opening.extraTriggers.join(', '));
      invariants.check('opening: |rho| < 0.05', Math.abs(opening.spearmanRho) < 0.05, `rho ${opening.spearmanRho.toFixed(4)} (standard error ${opening.rhoStandardError.toFixed(4)})`);
      const busiest = Math.max(...opening.preQueueWrites.kinds.map((kind) => kind.busiest.writes));
      invariants.check('opening: no item written by more than its own fan before the opening', busiest <= 8, `busiest key ${busiest} writes`);
      progress(
        `opening: draw ${opening.drawMs} ms for ${opening.placed} fans, first admission ${opening.openingToFirstAdmissionMs} ms after the opening, ` +
          `rho ${opening.spearmanRho.toFixed(4)}, busiest key before the opening ${busiest} writes`,
      );
    } finally {
      db.destroy();
    }
  });
  await group('issues', async (invariants) => {
    progress(`6 issues: ${options.issueFans} token issues into a full room from ${options.issueInstances} instances at once`);
    const endpoint = (dynamo as DynamoDbLocal).endpoint;
    const tableName = `bench-issues-${Date.now()}`;
    await ensureTable(endpoint, tableName, { stream: false });
    const db = createDocumentClient({ endpoint, maxAttempts: 5 });
    try {
      const burst = await runIssueBurst(endpoint, db, tableName, { fans: options.issueFans, instances: options.issueInstances, queueShards: 8 });
      results.issueBurst = burst;
      invariants.check('issues: places 2..n+1 each once (the slot holder has 1)', burst.placesDense, `${burst.fans} issued`);
      // Past its 100 places a row takes only the claims in flight when it filled and first claims of cold instances.
      invariants.check(
        'issues: no place row written more than 100 + 2 × instances times',
        burst.rowWritesMax <= 100 + 2 * burst.instances,
        `${burst.rows} rows, ${burst.rowWritesMean} writes on average, ${burst.rowWritesMax} at most`,
      );
      invariants.check('issues: one BatchGetItem per issue (the place rows read in it)', burst.batchGetsPerIssue === 1, `${burst.batchGetsPerIssue}`);
      progress(
        `issues: ${burst.rows} rows, writes per row ${burst.rowWritesMean} on average and ${burst.rowWritesMax} at most; ` +
          `${(burst.secondClaimShare * 100).toFixed(1)}% of issues claimed twice (at most ${burst.maxClaimsInOneIssue} claims); ${burst.issuesPerSecond} issues/s locally`,
      );
    } finally {
      db.destroy();
    }
  });
};

const flashRows = (number: string, result: FlashSaleResult): string[][] => {
  const rows: string[][] = [
    [
      number,
      `${result.name}: ${result.users} fans, ${result.capacity} seats, ${result.maxActiveTokens} slots` + (result.faultRate > 0 ? `, ${result.faultRate * 100}% drops` : ''),
      String(result.requests),
      seconds(result.completionMs),
      rate((result.requests / result.completionMs) * 1000),
      '',
      '',
      '',
      `sweeper ${result.admissionIntervalSeconds} s; ${result.fans.paid} orders (seats per order ${Object.entries(result.orderSizes).map(([size, count]) => `${size}:${count}`).join(' ')}), ${result.fans.refunded} refunded, ${result.seatsSold} seats SOLD at the end, last payment at ${seconds(result.soldOutMs)}, left ${result.fans.leftWithoutSeat}, gave up ${result.fans.aborted}; room ${result.meanActive} mean / ${result.maxActiveSeen} max active` +
        (result.faultRate > 0 ? `; ${result.faults.dropped} responses dropped, ${result.faults.replayMismatches} replays differed` : ''),
    ],
    [
      '',
      '  waiting room',
      '',
      '',
      '',
      ms(result.admission.arrivalToAdmissionMs.p50),
      ms(result.admission.arrivalToAdmissionMs.p95),
      '',
      `utilisation ${percent(result.admission.utilisation)} while fans wait (time average of ${result.admission.utilisationReadings.count} room readings, longest gap ${ms(result.admission.utilisationReadings.maxGapMs)} ms; mean of the public view's samples ${percent(result.admission.viewSampleUtilisation)}); ${result.admission.pollsPerFan} polls/fan; p50/p95: arrival → admission; ` +
        `estimate error p50 ${percent(result.admission.estimateError.p50)} p90 ${percent(result.admission.estimateError.p90)} p95 ${percent(result.admission.estimateError.p95)} (${result.admission.estimateError.fans} fans); ` +
        `slot time while fans wait: ${percent(result.admission.slotTime.used)} used, ${percent(result.admission.slotTime.unnoticed)} ACTIVE but not yet told, ${percent(result.admission.slotTime.free)} free; ` +
        `admission → fan told p50 ${ms(result.admission.admissionToNoticeMs.p50)} ms p95 ${ms(result.admission.admissionToNoticeMs.p95)} ms` +
        (result.admissionEventsLag ? `; admission events reached admission ${ms(result.admissionEventsLag.meanMs)} ms (mean) / ${ms(result.admissionEventsLag.maxMs)} ms (max) after their write` : ''),
    ],
  ];
  for (const [label, endpoint] of Object.entries(result.endpoints)) {
    const errors = Object.entries(endpoint.outcomes)
      .filter(([outcome]) => !/^2\d\d$/.test(outcome))
      .map(([outcome, count]) => `${count}× ${outcome}`)
      .join(', ');
    rows.push(['', `  ${label}`, String(endpoint.count), '', '', ms(endpoint.p50), ms(endpoint.p95), ms(endpoint.p99), errors]);
  }
  return rows;
};

const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;

const table = (): string => {
  const rows: string[][] = [];
  const { hotSeat, storageFloor, flashSales, admissionTargets: targets, faults, coldStart, proofOfWork } = results;
  if (hotSeat) {
    rows.push([
      '1',
      `hot seat: ${hotSeat.requests} holds on one seat`,
      String(hotSeat.requests),
      seconds(hotSeat.elapsedMs),
      rate(hotSeat.perSecond),
      ms(hotSeat.latency.p50),
      ms(hotSeat.latency.p95),
      ms(hotSeat.latency.p99),
      Object.entries(hotSeat.outcomes).map(([outcome, count]) => `${count}× ${outcome}`).join(', '),
    ]);
  }
  for (const sale of flashSales ?? []) rows.push(...flashRows('2', sale));
  for (const target of targets ?? []) rows.push(['2', `  target: ${target.name}`, '', '', '', '', '', '', `${target.met ? 'met' : 'MISSED'}: ${target.detail}`]);
  if (faults) rows.push(...flashRows('3', faults));
  if (storageFloor) {
    for (const [name, comparison] of [
      ['hot seat', storageFloor.hotSeat],
      ['distinct seats', storageFloor.distinctSeats],
    ] as const) {
      const cpu = (perProcess: Readonly<Record<string, number>>) =>
        Object.keys(perProcess).length ? `CPU ms per hold: ${Object.entries(perProcess).map(([process, cpuMs]) => `${process} ${cpuMs.toFixed(2)}`).join(', ')}` : '';
      rows.push(['4', `API holds, ${name}`, String(comparison.api.requests), seconds(comparison.api.elapsedMs), rate(comparison.api.perSecond), ms(comparison.api.latency.p50), ms(comparison.api.latency.p95), ms(comparison.api.latency.p99), cpu(comparison.cpuMsPerHold.api)]);
      rows.push([
        '4',
        `SDK floor, ${name}`,
        String(comparison.floor.attempts),
        seconds(comparison.floor.elapsedMs),
        rate(comparison.floor.perSecond),
        ms(comparison.floor.latency.p50),
        ms(comparison.floor.latency.p95),
        ms(comparison.floor.latency.p99),
        [`API ÷ floor = ${comparison.ratio.toFixed(2)}`, cpu(comparison.cpuMsPerHold.floor)].filter(Boolean).join('; '),
      ]);
    }
  }
  const { contention, storageStall } = results;
  if (contention) {
    for (const [what, report] of [
      ['charges', contention.charges],
      ['payments', contention.payments],
    ] as const) {
      rows.push([
        '7',
        `contention under a CPU hog: ${report.sent} ${what} of one user`,
        String(report.sent),
        seconds(report.elapsedMs),
        rate((report.sent / report.elapsedMs) * 1000),
        ms(report.p50),
        ms(report.p95),
        ms(report.p99),
        `${Object.entries(report.outcomes).map(([outcome, count]) => `${count}× ${outcome}`).join(', ')}; load ${contention.loadAverageDuringRun}`,
      ]);
    }
  }
  if (storageStall) {
    rows.push([
      '8',
      `storage stall: ${storageStall.firstAttempts} requests, ${storageStall.retries} retries`,
      String(storageStall.requests),
      seconds(storageStall.elapsedMs),
      '',
      '',
      '',
      '',
      `${Object.entries(storageStall.outcomes).map(([outcome, count]) => `${count}× ${outcome}`).join(', ')}; slowest answer ${ms(storageStall.slowestAnswerMs)} ms; ` +
        `${storageStall.holdsBehind503} holds written behind a 503; writes started after an answer: ${storageStall.guards.writesStartedAfterAnswer}`,
    ]);
  }
  const hot = flashSales?.find((sale) => sale.hotKeys)?.hotKeys;
  if (hot) {
    rows.push(['5', `hot keys during the flash sale`, String(hot.totalWrites), `${hot.seconds} s`, rate(hot.peakTableWritesPerSecond), '', '', '', `item writes to ${hot.distinctKeys} partition keys; rate: table peak/s, then busiest key's peak/s`]);
    for (const kind of hot.kinds) {
      rows.push([
        '',
        `  ${kind.pattern}`,
        String(kind.writes),
        '',
        rate(kind.busiest.peakPerSecond),
        '',
        '',
        '',
        `${kind.keys} key(s); busiest one: ${kind.busiest.writes} writes, peak ${kind.busiest.peakPerSecond}/s`,
      ]);
    }
  }
  if (coldStart) {
    const baseline = coldStart[0];
    for (const row of coldStart) {
      rows.push([
        '6',
        `cold start: ${row.handler}`,
        kilobytes(row.bytes),
        '',
        '',
        ms(row.importMs),
        '',
        '',
        `import: median of ${row.runsMs.length}, min ${ms(row.minMs)} ms` +
          (row === baseline || !baseline ? '' : `; median ${signed(row.importMs - baseline.importMs)} ms vs baseline`),
      ]);
    }
  }
  if (proofOfWork) {
    rows.push([
      '7',
      `proof of work: one solution, maxnumber ${proofOfWork.maxNumber}`,
      String(proofOfWork.runs),
      '',
      '',
      ms(proofOfWork.medianMs),
      ms(proofOfWork.p95Ms),
      '',
      `client side, Web Crypto on one thread; slowest ${ms(proofOfWork.maxMs)} ms`,
    ]);
  }
  const failed = results.invariants.filter((invariant) => !invariant.holds);
  rows.push(['', `invariants: ${results.invariants.length - failed.length} of ${results.invariants.length} hold${results.crashes.length ? `; ${results.crashes.length} scenario group(s) crashed` : ''}`, '', '', '', '', '', '', '']);
  for (const invariant of failed) rows.push(['FAIL', invariant.name, '', '', '', '', '', '', invariant.detail]);
  return renderTable(['#', 'scenario / measure', 'count', 'time', 'rate/s', 'p50 ms', 'p95 ms', 'p99 ms', 'notes'], rows);
};

/**
 * The flash sales' estimate logs (thousands of rows) go to a compact file of their own next to the figures, for
 * `npm run replay-estimates`.
 */
const estimateLogFile = outFile.replace(/(\.json)?$/, '.estimates.json');
const writeEstimateLogs = (): void => {
  const logs = Object.fromEntries((results.flashSales ?? []).map((sale, index) => [`sale${index + 1}`, { name: sale.name, ...sale.estimateLog }]));
  if (Object.keys(logs).length > 0) writeFileSync(estimateLogFile, `${JSON.stringify(logs)}\n`);
};

main()
  .catch((error: unknown) => {
    results.crashes.push(`setup: ${(error as Error).stack ?? String(error)}`);
  })
  .finally(async () => {
    await cleanUp();
    results.durationMs = Date.now() - started.getTime();
    // Other work on the machine skews every figure: keep the evidence next to them.
    results.machine.loadAverageAtEnd = loadavg().map((load) => load.toFixed(2)).join(' ');
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, `${JSON.stringify(results, (key: string, value: unknown) => (key === 'estimateLog' ? undefined : value), 2)}\n`);
    writeEstimateLogs();
    console.log(table());
    console.log(`\n${seconds(results.durationMs)} in all; figures in ${relative(process.cwd(), outFile)}`);
    for (const crash of results.crashes) console.error(`\nCRASH ${crash}`);
    const ok = results.crashes.length === 0 && results.invariants.every((invariant) => invariant.holds);
    process.exit(ok ? 0 : 1);
  });

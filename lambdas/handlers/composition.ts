import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoQueueTokenReader } from '../adapters/dynamodb/queue-token-reader';
import { DynamoRoomRepository } from '../adapters/dynamodb/queue-room-repository';
import { DynamoQueueTokenRepository } from '../adapters/dynamodb/queue-token-repository';
import { DynamoWaitingLine } from '../adapters/dynamodb/queue-waiting-line';
import { signingKeysFromEnvironment } from '../adapters/jwt/signing-keys';
import { systemClock } from '../adapters/system';
import { loadSettings } from '../config';
import type { QueuePolicy } from '../domain/queue';
import { oneRunPerRoom } from '../use-cases/admission/admit-on-poll';
import { admitWaiting } from '../use-cases/sweeper/admit-waiting';

/*
 * What every handler shares, built once per cold start (one Lambda instance runs one function): the settings, one
 * DynamoDB client, the signing keys, the queue-token reader and repository. Each is a pure expression, so a function
 * that never uses one (the challenge route reads no table; most routes sign nothing) drops it and its SDK client
 * from its bundle.
 */

export const settings = loadSettings();
/** Settings carries the queue policy fields under the same names. */
export const queuePolicy: QueuePolicy = settings;
const { tableName, queueShards } = settings;

export const documentClient = /* @__PURE__ */ createDocumentClient();
/** The signing keys, read on first use and again after a bounded time (from Secrets Manager on AWS). */
export const signingKeys = /* @__PURE__ */ signingKeysFromEnvironment();
/** Reads tokens: all that authentication and the liveness checks need. */
export const queueTokenReader = /* @__PURE__ */ new DynamoQueueTokenReader(documentClient, tableName);
/** Issues, polls and ends tokens: only the queue routes and the admission consumers use it. */
export const queueTokenRepository = /* @__PURE__ */ new DynamoQueueTokenRepository(documentClient, tableName, queueShards);
/**
 * The admission a poll within reach of a free slot runs (GET /queue/tokens/me, and its recovery): one run per room at
 * a time in this process, so the local server, where every function shares one process, dedupes them too.
 */
export const admitOnPoll = /* @__PURE__ */ oneRunPerRoom(
  /* @__PURE__ */ admitWaiting({
    line: /* @__PURE__ */ new DynamoWaitingLine(documentClient, tableName, queueShards),
    rooms: /* @__PURE__ */ new DynamoRoomRepository(documentClient, tableName, queueShards, systemClock),
    tokens: queueTokenRepository,
    clock: systemClock,
    policy: settings,
  }),
);

import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../use-cases/ports';

export const systemClock: Clock = { now: () => Date.now() };
export const uuidGenerator: IdGenerator = { newId: () => randomUUID() };
